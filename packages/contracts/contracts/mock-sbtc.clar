;; A local stand-in for sBTC (8 decimals) for tests and development. Anyone may mint on devnet:
;; it is worthless by construction and never deployed to testnet or mainnet.
(impl-trait .sip-010-trait.sip-010-trait)

;; Named as the real sBTC names its asset: the vault allows exactly this asset out on withdrawal.
(define-fungible-token sbtc-token)

(define-constant ERR-NOT-OWNER (err u4))

(define-public (transfer (amount uint) (sender principal) (recipient principal) (memo (optional (buff 34))))
  (begin
    (asserts! (or (is-eq tx-sender sender) (is-eq contract-caller sender)) ERR-NOT-OWNER)
    (try! (ft-transfer? sbtc-token amount sender recipient))
    (match memo m (begin (print m) true) true)
    (ok true)))

(define-public (mint (amount uint) (recipient principal))
  (ft-mint? sbtc-token amount recipient))

(define-read-only (get-name) (ok "Mock sBTC"))
(define-read-only (get-symbol) (ok "sBTC"))
(define-read-only (get-decimals) (ok u8))
(define-read-only (get-balance (who principal)) (ok (ft-get-balance sbtc-token who)))
(define-read-only (get-total-supply) (ok (ft-get-supply sbtc-token)))
(define-read-only (get-token-uri) (ok none))
