;; BitHedge policy registry: a buyer turns a quote the backend signed into a policy, paying the
;; premium into the vault in the same transaction.
;;
;; The terms are SIP-018 structured data signed by the operator's quote key and verified here with
;; secp256k1-verify, so no one can buy below the quoted premium, change any term, buy a quote made
;; for someone else, buy after the quote's deadline, or buy the same quote twice.
;;
;; The quote's deadline (`valid-until`) is a unix time checked against `stacks-block-time`: the
;; backend signs a price for a few minutes only, so a saved quote is not an option on later moves.
;; The purchase locks the policy's collateral in the vault in the same transaction (and fails,
;; premium unpaid, when the pool's free funds are short); settlement releases it.
;;
;; Collateral token: the signed terms name it (`collateral-token`, "STX" or "SBTC"), since the
;; backend decides which providers back a policy. A CALL may be backed by sBTC: paid in sats, its
;; payout (S - K) / S x amount never exceeds the amount, so it is covered at any BTC price. A PUT
;; is always backed by STX (sBTC loses value exactly when a PUT pays). The premium is STX either
;; way. An sBTC-backed policy's `collateral` and `protected-value` are in sats and it is settled
;; in sBTC (`exercise-policy-sbtc`).
(use-trait ft-trait .sip-010-trait.sip-010-trait)

(define-constant CONTRACT-OWNER tx-sender)
;; "SIP018" in ASCII: the prefix of every SIP-018 structured-data hash.
(define-constant SIP018-PREFIX 0x534950303138)

(define-constant ERR-UNAUTHORIZED (err u200))
(define-constant ERR-BAD-SIGNATURE (err u201))
(define-constant ERR-QUOTE-EXPIRED (err u202))
(define-constant ERR-QUOTE-USED (err u203))
(define-constant ERR-WRONG-BUYER (err u204))
(define-constant ERR-INVALID-TERMS (err u205))
(define-constant ERR-NO-POLICY (err u206))
(define-constant ERR-NOT-ACTIVE (err u207))
(define-constant ERR-NOT-EXPIRED (err u208))
(define-constant ERR-NO-QUOTE-KEY (err u209))
(define-constant ERR-EXCEEDS-PROTECTED (err u210))
;; The collateral token is neither "STX" nor "SBTC", or a PUT names sBTC.
(define-constant ERR-INVALID-COLLATERAL (err u211))

;; The operator's compressed public key that signs quotes.
(define-data-var quote-key (optional (buff 33)) none)
(define-data-var last-policy-id uint u0)

(define-map used-quotes (buff 16) uint)
(define-map policies uint {
  buyer: principal,
  quote-id: (buff 16),
  policy-type: (string-ascii 4),
  strike-usd: uint,
  amount-sats: uint,
  protected-value: uint,
  premium: uint,
  expiration-height: uint,
  collateral-token: (string-ascii 4),
  status: (string-ascii 9),
})

(define-read-only (get-policy (policy-id uint)) (map-get? policies policy-id))
(define-read-only (get-quote-key) (var-get quote-key))
(define-read-only (get-last-policy-id) (var-get last-policy-id))
(define-read-only (is-quote-used (quote-id (buff 16))) (is-some (map-get? used-quotes quote-id)))

;; The registry's own principal is part of the domain: a signature made for one deployment is
;; worthless on another that trusts the same quote key.
(define-read-only (get-domain)
  { name: "BitHedge", version: "1", chain-id: chain-id, verifying-contract: current-contract })

;; The SIP-018 hash of a quote: sha256(prefix || sha256(domain) || sha256(message)).
(define-read-only (quote-hash (terms {
    quote-id: (buff 16),
    buyer: principal,
    policy-type: (string-ascii 4),
    strike-usd: uint,
    amount-sats: uint,
    protected-value: uint,
    premium: uint,
    expiration-height: uint,
    valid-until: uint,
    collateral: uint,
    collateral-token: (string-ascii 4),
  }))
  (sha256 (concat SIP018-PREFIX (concat
    (sha256 (unwrap-panic (to-consensus-buff? (get-domain))))
    (sha256 (unwrap-panic (to-consensus-buff? terms)))))))

(define-private (operator) (contract-call? .liquidity-pool-vault get-operator))

(define-public (set-quote-key (key (buff 33)))
  (begin
    (asserts! (is-eq contract-caller CONTRACT-OWNER) ERR-UNAUTHORIZED)
    (print { event: "quote-key", key: key })
    (ok (var-set quote-key (some key)))))

;; The buyer buys the policy a signed quote describes and pays its premium (micro-STX) to the vault,
;; which locks the quote's `collateral` (in its `collateral-token`) behind the new policy in the
;; same transaction.
(define-public (purchase-policy
    (terms {
      quote-id: (buff 16),
      buyer: principal,
      policy-type: (string-ascii 4),
      strike-usd: uint,
      amount-sats: uint,
      protected-value: uint,
      premium: uint,
      expiration-height: uint,
      valid-until: uint,
      collateral: uint,
      collateral-token: (string-ascii 4),
    })
    (signature (buff 65)))
  (let (
      (key (unwrap! (var-get quote-key) ERR-NO-QUOTE-KEY))
      (policy-id (+ (var-get last-policy-id) u1))
      (collateral-token (get collateral-token terms))
    )
    (asserts! (is-eq tx-sender (get buyer terms)) ERR-WRONG-BUYER)
    (asserts! (<= stacks-block-time (get valid-until terms)) ERR-QUOTE-EXPIRED)
    (asserts! (is-none (map-get? used-quotes (get quote-id terms))) ERR-QUOTE-USED)
    (asserts! (or (is-eq (get policy-type terms) "PUT") (is-eq (get policy-type terms) "CALL")) ERR-INVALID-TERMS)
    (asserts! (and (> (get premium terms) u0) (> (get amount-sats terms) u0)) ERR-INVALID-TERMS)
    (asserts! (> (get collateral terms) u0) ERR-INVALID-TERMS)
    (asserts! (or (is-eq collateral-token "STX")
      (and (is-eq collateral-token "SBTC") (is-eq (get policy-type terms) "CALL"))) ERR-INVALID-COLLATERAL)
    (asserts! (> (get expiration-height terms) burn-block-height) ERR-INVALID-TERMS)
    (asserts! (secp256k1-verify (quote-hash terms) signature key) ERR-BAD-SIGNATURE)
    (map-set used-quotes (get quote-id terms) policy-id)
    (var-set last-policy-id policy-id)
    ;; Locked before the premium is paid in, so the new premium never backs its own policy.
    (try! (contract-call? .liquidity-pool-vault lock-collateral policy-id collateral-token (get collateral terms)))
    (try! (contract-call? .liquidity-pool-vault collect-premium-stx policy-id (get premium terms)))
    (map-set policies policy-id {
      buyer: tx-sender,
      quote-id: (get quote-id terms),
      policy-type: (get policy-type terms),
      strike-usd: (get strike-usd terms),
      amount-sats: (get amount-sats terms),
      protected-value: (get protected-value terms),
      premium: (get premium terms),
      expiration-height: (get expiration-height terms),
      collateral-token: collateral-token,
      status: "active",
    })
    (print {
      event: "policy-created",
      policy-id: policy-id,
      buyer: tx-sender,
      quote-id: (get quote-id terms),
      policy-type: (get policy-type terms),
      strike-usd: (get strike-usd terms),
      amount-sats: (get amount-sats terms),
      protected-value: (get protected-value terms),
      ;; The collateral token, which the payout is in too; the premium is STX (see the vault's
      ;; "premium" event).
      token: collateral-token,
      premium: (get premium terms),
      collateral: (get collateral terms),
      expiration-height: (get expiration-height terms),
    })
    (ok policy-id)))

;; The operator marks an out-of-the-money policy expired once its expiration height has passed;
;; its collateral is released in the same transaction.
(define-public (expire-policy (policy-id uint))
  (let ((policy (unwrap! (map-get? policies policy-id) ERR-NO-POLICY)))
    (asserts! (is-eq contract-caller (operator)) ERR-UNAUTHORIZED)
    (asserts! (is-eq (get status policy) "active") ERR-NOT-ACTIVE)
    (asserts! (>= burn-block-height (get expiration-height policy)) ERR-NOT-EXPIRED)
    (map-set policies policy-id (merge policy { status: "expired" }))
    (try! (contract-call? .liquidity-pool-vault release-collateral policy-id))
    (print { event: "policy-expired", policy-id: policy-id, buyer: (get buyer policy) })
    (ok true)))

;; The operator exercises an in-the-money policy at or after its expiration height: the vault pays
;; the buyer out of the policy's locked collateral, never more than that nor than the value the
;; policy protects, and releases the rest in the same transaction. STX-backed policies only (the
;; vault refuses an sBTC-backed one with its ERR-INVALID-TOKEN): see `exercise-policy-sbtc`.
(define-public (exercise-policy (policy-id uint) (payout uint))
  (let ((policy (try! (check-exercise policy-id payout))))
    (try! (contract-call? .liquidity-pool-vault pay-settlement-stx policy-id (get buyer policy) payout))
    (finish-exercise policy-id policy payout)))

;; The same for an sBTC-backed CALL: the payout, in sats, is floor((S - K) x amount-sats / S),
;; computed by the operator; the vault checks `token` is the sBTC it accepts, that the policy is
;; sBTC-backed, and pays never more than the sats locked for it.
(define-public (exercise-policy-sbtc (policy-id uint) (token <ft-trait>) (payout uint))
  (let ((policy (try! (check-exercise policy-id payout))))
    (try! (contract-call? .liquidity-pool-vault pay-settlement-sbtc policy-id token (get buyer policy) payout))
    (finish-exercise policy-id policy payout)))

;; The refusals every exercise shares; marks the policy exercised (undone if the payout fails).
(define-private (check-exercise (policy-id uint) (payout uint))
  (let ((policy (unwrap! (map-get? policies policy-id) ERR-NO-POLICY)))
    (asserts! (is-eq contract-caller (operator)) ERR-UNAUTHORIZED)
    (asserts! (is-eq (get status policy) "active") ERR-NOT-ACTIVE)
    (asserts! (>= burn-block-height (get expiration-height policy)) ERR-NOT-EXPIRED)
    (asserts! (<= payout (get protected-value policy)) ERR-EXCEEDS-PROTECTED)
    (map-set policies policy-id (merge policy { status: "exercised" }))
    (ok policy)))

(define-private (finish-exercise (policy-id uint) (policy { buyer: principal, quote-id: (buff 16),
    policy-type: (string-ascii 4), strike-usd: uint, amount-sats: uint, protected-value: uint,
    premium: uint, expiration-height: uint, collateral-token: (string-ascii 4), status: (string-ascii 9) })
    (payout uint))
  (begin
    (try! (contract-call? .liquidity-pool-vault release-collateral policy-id))
    (print { event: "policy-exercised", policy-id: policy-id, buyer: (get buyer policy),
      token: (get collateral-token policy), amount: payout })
    (ok payout)))
