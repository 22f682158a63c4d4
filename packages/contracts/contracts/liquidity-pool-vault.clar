;; BitHedge liquidity-pool vault: custody of STX and sBTC for liquidity providers.
;;
;; On-chain light: the vault holds the money and enforces the invariants that protect it; the
;; backend (the operator key) does the accounting. A provider's withdrawal needs an allowance the
;; operator set for that provider and token, is paid only to the provider, and never touches
;; collateral locked behind policies. Settlement payouts go through the policy registry (which
;; knows each policy's buyer) and never exceed the collateral locked for that policy.
;;
;; Collateral is locked and released only by the registry, inside the purchase and settlement
;; transactions, so a policy is collateralized exactly when it exists (and no key can lock pool
;; funds behind a policy that was never bought). Privileged callers are checked with
;; `contract-caller`, so a contract the operator or owner key happens to call cannot act for them.
(use-trait ft-trait .sip-010-trait.sip-010-trait)

(define-constant CONTRACT-OWNER tx-sender)

(define-constant ERR-UNAUTHORIZED (err u100))
(define-constant ERR-INVALID-AMOUNT (err u101))
(define-constant ERR-INVALID-TIER (err u102))
(define-constant ERR-INVALID-TOKEN (err u103))
(define-constant ERR-EXCEEDS-ALLOWANCE (err u104))
(define-constant ERR-INSUFFICIENT-BALANCE (err u105))
(define-constant ERR-INSUFFICIENT-LIQUIDITY (err u106))
(define-constant ERR-NO-COLLATERAL (err u107))
(define-constant ERR-EXCEEDS-COLLATERAL (err u108))
(define-constant ERR-ALREADY-LOCKED (err u109))
(define-constant ERR-EXCEEDS-PREMIUMS (err u110))
(define-constant ERR-ALLOWANCE-CHANGED (err u111))
(define-constant ERR-ALREADY-CREDITED (err u112))
(define-constant ERR-ALREADY-SET (err u113))
(define-constant ERR-NO-SBTC-TOKEN (err u114))
(define-constant ERR-TIER-CAPACITY (err u115))
;; The SIP-010 asset name the accepted sBTC contract declares (the real sBTC's, and the mock's).
(define-constant SBTC-ASSET-NAME "sbtc-token")

(define-data-var operator principal tx-sender)
;; The policy registry: the only caller allowed to take premiums, lock collateral and pay
;; settlements. Set once: a repointed registry could pay out every policy's collateral.
(define-data-var registry (optional principal) none)
;; The SIP-010 contract accepted as sBTC (the mock locally, the real sBTC on testnet/mainnet). No
;; default, and set once: sBTC deposits are refused until the owner names the real token, and a
;; later switch would let holders of the old token withdraw the new one.
(define-data-var sbtc-token (optional principal) none)

;; What each provider has in the vault, per token ("STX" or "SBTC").
(define-map provider-balances { provider: principal, token: (string-ascii 4) } uint)
;; What the operator has authorized each provider to withdraw, per token.
(define-map withdrawal-allowances { provider: principal, token: (string-ascii 4) } uint)
;; Everything the vault holds per token (deposits + premiums - withdrawals - payouts), and the part locked.
(define-map token-totals (string-ascii 4) { balance: uint, locked: uint })
;; Collateral locked behind each policy; its remaining amount caps the settlement payout.
(define-map policy-collateral uint { token: (string-ascii 4), amount: uint })
;; Premiums paid in and not yet credited to any provider, per token: the most the operator can credit.
(define-map premium-pools (string-ascii 4) uint)
;; The tier each provider's balances count in: the tier of its latest deposit. A deposit under
;; another tier moves all of the provider's balances there (both tokens), as the ledger does.
(define-map provider-tiers principal (string-ascii 12))
;; Per tier x token, the balances of the tier's providers (deposits + credited premiums -
;; withdrawals): what a tier cap bounds. Settlement payouts are not known per provider on chain,
;; so they do not lower it (the cap errs on the side of refusing).
(define-map tier-capital { tier: (string-ascii 12), token: (string-ascii 4) } uint)
;; Per tier x token, the most a deposit may bring the tier's capital to (owner-set). No entry: no
;; cap (a fresh deployment); u0: the tier takes no new deposits. A cap below the tier's capital
;; refuses new deposits only: nothing already in the vault is pushed out.
(define-map tier-caps { tier: (string-ascii 12), token: (string-ascii 4) } uint)
;; Premium claims already credited (claim-id -> amount): each claim is credited once, however
;; often the operator's transaction is sent.
(define-map credited-claims (buff 32) uint)

;; ---------------------------------------------------------------------------------------------
;; Read-only

(define-read-only (get-operator) (var-get operator))
(define-read-only (get-registry) (var-get registry))
(define-read-only (get-sbtc-token) (var-get sbtc-token))

(define-read-only (get-provider-balance (provider principal) (token (string-ascii 4)))
  (default-to u0 (map-get? provider-balances { provider: provider, token: token })))

(define-read-only (get-withdrawal-allowance (provider principal) (token (string-ascii 4)))
  (default-to u0 (map-get? withdrawal-allowances { provider: provider, token: token })))

(define-read-only (get-totals (token (string-ascii 4)))
  (default-to { balance: u0, locked: u0 } (map-get? token-totals token)))

(define-read-only (get-policy-collateral (policy-id uint))
  (map-get? policy-collateral policy-id))

(define-read-only (get-premium-pool (token (string-ascii 4)))
  (default-to u0 (map-get? premium-pools token)))

;; none: the provider has no balance under any tier (it never deposited).
(define-read-only (get-provider-tier (provider principal))
  (map-get? provider-tiers provider))

(define-read-only (get-tier-capital (tier (string-ascii 12)) (token (string-ascii 4)))
  (default-to u0 (map-get? tier-capital { tier: tier, token: token })))

;; none: no cap.
(define-read-only (get-tier-cap (tier (string-ascii 12)) (token (string-ascii 4)))
  (map-get? tier-caps { tier: tier, token: token }))

(define-read-only (get-credited-claim (claim-id (buff 32)))
  (map-get? credited-claims claim-id))

;; ---------------------------------------------------------------------------------------------
;; Private helpers

(define-private (is-operator) (is-eq contract-caller (var-get operator)))

(define-private (is-owner) (is-eq contract-caller CONTRACT-OWNER))

(define-private (is-registry-caller)
  (is-eq (some contract-caller) (var-get registry)))

(define-private (valid-tier (tier (string-ascii 12)))
  (or (is-eq tier "conservative") (or (is-eq tier "balanced") (is-eq tier "aggressive"))))

(define-private (valid-token (token (string-ascii 4)))
  (or (is-eq token "STX") (is-eq token "SBTC")))

(define-private (add-to-totals (token (string-ascii 4)) (amount uint))
  (let ((t (get-totals token)))
    (map-set token-totals token (merge t { balance: (+ (get balance t) amount) }))))

(define-private (credit (provider principal) (token (string-ascii 4)) (amount uint))
  (begin
    (map-set provider-balances { provider: provider, token: token }
      (+ (get-provider-balance provider token) amount))
    (add-to-totals token amount)))

;; Takes `amount` off a provider's balance and allowance and out of the free (unlocked) funds.
(define-private (debit-for-withdrawal (provider principal) (token (string-ascii 4)) (amount uint))
  (let (
      (allowance (get-withdrawal-allowance provider token))
      (balance (get-provider-balance provider token))
      (t (get-totals token))
    )
    (asserts! (> amount u0) ERR-INVALID-AMOUNT)
    (asserts! (<= amount allowance) ERR-EXCEEDS-ALLOWANCE)
    (asserts! (<= amount balance) ERR-INSUFFICIENT-BALANCE)
    (asserts! (<= amount (- (get balance t) (get locked t))) ERR-INSUFFICIENT-LIQUIDITY)
    (map-set withdrawal-allowances { provider: provider, token: token } (- allowance amount))
    (map-set provider-balances { provider: provider, token: token } (- balance amount))
    (tier-debit provider token amount)
    (map-set token-totals token (merge t { balance: (- (get balance t) amount) }))
    (ok true)))

;; Tier capital moves with the provider's balance: every credit or debit of a balance in a tier.
(define-private (add-tier-capital (tier (string-ascii 12)) (token (string-ascii 4)) (amount uint))
  (map-set tier-capital { tier: tier, token: token } (+ (get-tier-capital tier token) amount)))

(define-private (sub-tier-capital (tier (string-ascii 12)) (token (string-ascii 4)) (amount uint))
  (map-set tier-capital { tier: tier, token: token } (- (get-tier-capital tier token) amount)))

;; The provider's balance of `token` follows it in its tier, if it has one. A provider without a
;; tier (credited a premium before any deposit) is counted in no tier until its first deposit.
(define-private (tier-credit (provider principal) (token (string-ascii 4)) (amount uint))
  (match (map-get? provider-tiers provider) tier (add-tier-capital tier token amount) true))

(define-private (tier-debit (provider principal) (token (string-ascii 4)) (amount uint))
  (match (map-get? provider-tiers provider) tier (sub-tier-capital tier token amount) true))

;; Whether `amount` more of `token` fits under the tier's cap. Adding nothing always fits, so a
;; deposit of one token never fails on the other token's cap when it moves no balance of it.
(define-private (fits-cap (tier (string-ascii 12)) (token (string-ascii 4)) (amount uint))
  (or (is-eq amount u0)
    (match (map-get? tier-caps { tier: tier, token: token })
      cap (<= (+ (get-tier-capital tier token) amount) cap)
      true)))

;; Counts a deposit in `tier`: a provider changing tier brings its existing balances (both tokens)
;; along, and all of it must fit under the new tier's caps, or the deposit is refused.
(define-private (enter-tier (provider principal) (token (string-ascii 4)) (amount uint) (tier (string-ascii 12)))
  (let (
      (current (map-get? provider-tiers provider))
      (moving (not (is-eq current (some tier))))
      (stx (if moving (get-provider-balance provider "STX") u0))
      (sbtc (if moving (get-provider-balance provider "SBTC") u0))
      (add-stx (+ stx (if (is-eq token "STX") amount u0)))
      (add-sbtc (+ sbtc (if (is-eq token "SBTC") amount u0)))
    )
    (asserts! (and (fits-cap tier "STX" add-stx) (fits-cap tier "SBTC" add-sbtc)) ERR-TIER-CAPACITY)
    (match current old (and (sub-tier-capital old "STX" stx) (sub-tier-capital old "SBTC" sbtc)) true)
    (add-tier-capital tier "STX" add-stx)
    (add-tier-capital tier "SBTC" add-sbtc)
    (ok (map-set provider-tiers provider tier))))

(define-private (check-sbtc (token <ft-trait>))
  (let ((accepted (unwrap! (var-get sbtc-token) ERR-NO-SBTC-TOKEN)))
    (ok (asserts! (is-eq (contract-of token) accepted) ERR-INVALID-TOKEN))))

;; ---------------------------------------------------------------------------------------------
;; Providers

(define-public (deposit-stx (amount uint) (tier (string-ascii 12)))
  (begin
    (asserts! (> amount u0) ERR-INVALID-AMOUNT)
    (asserts! (valid-tier tier) ERR-INVALID-TIER)
    (try! (enter-tier tx-sender "STX" amount tier))
    (try! (stx-transfer? amount tx-sender current-contract))
    (credit tx-sender "STX" amount)
    (print { event: "deposit", provider: tx-sender, token: "STX", amount: amount, tier: tier })
    (ok amount)))

(define-public (deposit-sbtc (token <ft-trait>) (amount uint) (tier (string-ascii 12)))
  (begin
    (asserts! (> amount u0) ERR-INVALID-AMOUNT)
    (asserts! (valid-tier tier) ERR-INVALID-TIER)
    (try! (check-sbtc token))
    (try! (enter-tier tx-sender "SBTC" amount tier))
    (try! (contract-call? token transfer amount tx-sender current-contract none))
    (credit tx-sender "SBTC" amount)
    (print { event: "deposit", provider: tx-sender, token: "SBTC", token-contract: (contract-of token), amount: amount, tier: tier })
    (ok amount)))

;; The provider calls; the funds can only go to the provider (tx-sender), within the allowance.
(define-public (withdraw-stx (amount uint))
  (let ((provider tx-sender))
    (try! (debit-for-withdrawal provider "STX" amount))
    (try! (as-contract? ((with-stx amount)) (try! (stx-transfer? amount tx-sender provider))))
    (print { event: "withdraw", provider: provider, token: "STX", amount: amount })
    (ok amount)))

(define-public (withdraw-sbtc (token <ft-trait>) (amount uint))
  (let ((provider tx-sender))
    (try! (check-sbtc token))
    (try! (debit-for-withdrawal provider "SBTC" amount))
    ;; The token may move exactly `amount` of its own asset out of the vault, nothing else.
    (try! (as-contract? ((with-ft (contract-of token) SBTC-ASSET-NAME amount))
      (try! (contract-call? token transfer amount tx-sender provider none))))
    (print { event: "withdraw", provider: provider, token: "SBTC", amount: amount })
    (ok amount)))

;; ---------------------------------------------------------------------------------------------
;; Operator

;; Compare-and-set: the operator names the allowance it believes is current, and the call is
;; refused when it is not (a withdrawal or another set landed in between), so a stale decision
;; can never raise what a provider may take.
(define-public (set-withdrawal-allowance (provider principal) (token (string-ascii 4)) (expected uint) (amount uint))
  (let ((previous (get-withdrawal-allowance provider token)))
    (asserts! (is-operator) ERR-UNAUTHORIZED)
    (asserts! (valid-token token) ERR-INVALID-TOKEN)
    (asserts! (is-eq previous expected) ERR-ALLOWANCE-CHANGED)
    (map-set withdrawal-allowances { provider: provider, token: token } amount)
    (print { event: "allowance", provider: provider, token: token, previous: previous, amount: amount })
    (ok amount)))

;; The registry locks pool funds behind a policy it is creating, in the purchase transaction (the
;; backend decides which providers back it): without enough free funds the purchase fails.
(define-public (lock-collateral (policy-id uint) (token (string-ascii 4)) (amount uint))
  (let ((t (get-totals token)))
    (asserts! (is-registry-caller) ERR-UNAUTHORIZED)
    (asserts! (valid-token token) ERR-INVALID-TOKEN)
    (asserts! (> amount u0) ERR-INVALID-AMOUNT)
    (asserts! (is-none (map-get? policy-collateral policy-id)) ERR-ALREADY-LOCKED)
    (asserts! (<= amount (- (get balance t) (get locked t))) ERR-INSUFFICIENT-LIQUIDITY)
    (map-set policy-collateral policy-id { token: token, amount: amount })
    (map-set token-totals token (merge t { locked: (+ (get locked t) amount) }))
    (print { event: "lock", policy-id: policy-id, token: token, amount: amount })
    (ok amount)))

;; The registry releases whatever collateral is still locked behind a policy it settles (expiry,
;; or after the settlement payout), in the settlement transaction.
(define-public (release-collateral (policy-id uint))
  (let (
      (c (unwrap! (map-get? policy-collateral policy-id) ERR-NO-COLLATERAL))
      (token (get token c))
      (t (get-totals token))
    )
    (asserts! (is-registry-caller) ERR-UNAUTHORIZED)
    (map-delete policy-collateral policy-id)
    (map-set token-totals token (merge t { locked: (- (get locked t) (get amount c)) }))
    (print { event: "release", policy-id: policy-id, token: token, amount: (get amount c) })
    (ok (get amount c))))

;; Credits a provider one premium claim, so that it can be withdrawn like a deposit: never more
;; than the premiums paid in and not credited yet (the vault's total balance already holds them),
;; and each claim once (a re-sent or overlapping transaction for the same claim-id is refused).
(define-public (credit-premium (provider principal) (token (string-ascii 4)) (claim-id (buff 32)) (amount uint))
  (let ((pool (get-premium-pool token)))
    (asserts! (is-operator) ERR-UNAUTHORIZED)
    (asserts! (valid-token token) ERR-INVALID-TOKEN)
    (asserts! (> amount u0) ERR-INVALID-AMOUNT)
    (asserts! (is-none (map-get? credited-claims claim-id)) ERR-ALREADY-CREDITED)
    (asserts! (<= amount pool) ERR-EXCEEDS-PREMIUMS)
    (map-set credited-claims claim-id amount)
    (map-set premium-pools token (- pool amount))
    (map-set provider-balances { provider: provider, token: token }
      (+ (get-provider-balance provider token) amount))
    (tier-credit provider token amount)
    (print { event: "premium-credit", provider: provider, token: token, claim-id: claim-id, amount: amount })
    (ok amount)))

(define-public (set-operator (new-operator principal))
  (begin
    (asserts! (is-owner) ERR-UNAUTHORIZED)
    (print { event: "operator", previous: (var-get operator), operator: new-operator })
    (ok (var-set operator new-operator))))

;; The owner caps a tier's capital per token (none: no cap; u0: closed to deposits). Deposits
;; that would take the tier above its cap are refused with ERR-TIER-CAPACITY.
(define-public (set-tier-cap (tier (string-ascii 12)) (token (string-ascii 4)) (cap (optional uint)))
  (let (
      (key { tier: tier, token: token })
      (previous (map-get? tier-caps key))
    )
    (asserts! (is-owner) ERR-UNAUTHORIZED)
    (asserts! (valid-tier tier) ERR-INVALID-TIER)
    (asserts! (valid-token token) ERR-INVALID-TOKEN)
    (match cap value (map-set tier-caps key value) (map-delete tier-caps key))
    (print { event: "tier-cap", tier: tier, token: token, previous: previous, cap: cap })
    (ok true)))

(define-public (set-registry (new-registry principal))
  (begin
    (asserts! (is-owner) ERR-UNAUTHORIZED)
    (asserts! (is-none (var-get registry)) ERR-ALREADY-SET)
    (print { event: "registry", registry: new-registry })
    (ok (var-set registry (some new-registry)))))

(define-public (set-sbtc-token (token principal))
  (begin
    (asserts! (is-owner) ERR-UNAUTHORIZED)
    (asserts! (is-none (var-get sbtc-token)) ERR-ALREADY-SET)
    (print { event: "sbtc-token", token: token })
    (ok (var-set sbtc-token (some token)))))

;; ---------------------------------------------------------------------------------------------
;; Policy registry

;; The buyer (tx-sender) pays a policy's premium into the vault, in the purchase transaction.
(define-public (collect-premium-stx (policy-id uint) (amount uint))
  (begin
    (asserts! (is-registry-caller) ERR-UNAUTHORIZED)
    (asserts! (> amount u0) ERR-INVALID-AMOUNT)
    (try! (stx-transfer? amount tx-sender current-contract))
    (add-to-totals "STX" amount)
    (map-set premium-pools "STX" (+ (get-premium-pool "STX") amount))
    (print { event: "premium", policy-id: policy-id, buyer: tx-sender, token: "STX", amount: amount })
    (ok amount)))

;; Pays a policy's settlement to its buyer (the registry passes the buyer it recorded), out of the
;; STX collateral locked for that policy and never more.
(define-public (pay-settlement-stx (policy-id uint) (buyer principal) (amount uint))
  (let (
      (c (unwrap! (map-get? policy-collateral policy-id) ERR-NO-COLLATERAL))
      (t (get-totals "STX"))
    )
    (asserts! (is-registry-caller) ERR-UNAUTHORIZED)
    (asserts! (is-eq (get token c) "STX") ERR-INVALID-TOKEN)
    (asserts! (> amount u0) ERR-INVALID-AMOUNT)
    (asserts! (<= amount (get amount c)) ERR-EXCEEDS-COLLATERAL)
    (map-set policy-collateral policy-id (merge c { amount: (- (get amount c) amount) }))
    (map-set token-totals "STX" { balance: (- (get balance t) amount), locked: (- (get locked t) amount) })
    (try! (as-contract? ((with-stx amount)) (try! (stx-transfer? amount tx-sender buyer))))
    (print { event: "settlement", policy-id: policy-id, buyer: buyer, token: "STX", amount: amount })
    (ok amount)))

;; The same for an sBTC-backed policy (a CALL): pays `amount` sats of the accepted sBTC to the
;; buyer out of the sats locked for that policy and never more. The token may move exactly
;; `amount` of its own asset out of the vault, nothing else.
(define-public (pay-settlement-sbtc (policy-id uint) (token <ft-trait>) (buyer principal) (amount uint))
  (let (
      (c (unwrap! (map-get? policy-collateral policy-id) ERR-NO-COLLATERAL))
      (t (get-totals "SBTC"))
    )
    (asserts! (is-registry-caller) ERR-UNAUTHORIZED)
    (try! (check-sbtc token))
    (asserts! (is-eq (get token c) "SBTC") ERR-INVALID-TOKEN)
    (asserts! (> amount u0) ERR-INVALID-AMOUNT)
    (asserts! (<= amount (get amount c)) ERR-EXCEEDS-COLLATERAL)
    (map-set policy-collateral policy-id (merge c { amount: (- (get amount c) amount) }))
    (map-set token-totals "SBTC" { balance: (- (get balance t) amount), locked: (- (get locked t) amount) })
    (try! (as-contract? ((with-ft (contract-of token) SBTC-ASSET-NAME amount))
      (try! (contract-call? token transfer amount tx-sender buyer none))))
    (print { event: "settlement", policy-id: policy-id, buyer: buyer, token: "SBTC", amount: amount })
    (ok amount)))
