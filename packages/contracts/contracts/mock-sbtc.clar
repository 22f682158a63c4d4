;; A local stand-in for sBTC (8 decimals) for tests and development. Anyone may mint on devnet:
;; it is worthless by construction and never deployed to testnet or mainnet.
(impl-trait .sip-010-trait.sip-010-trait)

(define-fungible-token sbtc)

(define-constant ERR-NOT-OWNER (err u4))

(define-public (transfer (amount uint) (sender principal) (recipient principal) (memo (optional (buff 34))))
  (begin
    (asserts! (or (is-eq tx-sender sender) (is-eq contract-caller sender)) ERR-NOT-OWNER)
    (try! (ft-transfer? sbtc amount sender recipient))
    (match memo m (begin (print m) true) true)
    (ok true)))

(define-public (mint (amount uint) (recipient principal))
  (ft-mint? sbtc amount recipient))

(define-read-only (get-name) (ok "Mock sBTC"))
(define-read-only (get-symbol) (ok "sBTC"))
(define-read-only (get-decimals) (ok u8))
(define-read-only (get-balance (who principal)) (ok (ft-get-balance sbtc who)))
(define-read-only (get-total-supply) (ok (ft-get-supply sbtc)))
(define-read-only (get-token-uri) (ok none))
