import Foundation

/// Keeps temporary credentials in memory until five minutes before they expire, so an assumed role is not assumed
/// again on every request. Credentials without an expiry are kept for good.
final class CredentialCache: @unchecked Sendable {
    // @unchecked: `cached` is only touched while `lock` is held.
    private let lock = NSLock()
    private var cached: AWSCredentials?
    private let clock: @Sendable () -> Date
    /// How long before expiry cached credentials are refreshed.
    static let refreshWindow: TimeInterval = 5 * 60

    init(clock: @escaping @Sendable () -> Date) {
        self.clock = clock
    }

    /// The cached credentials while fresh, otherwise the result of `fetch` (cached when non-nil).
    func credentials(_ fetch: () throws(CredentialError) -> AWSCredentials?) throws(CredentialError) -> AWSCredentials?
    {
        if let fresh = lock.withLock({ () -> AWSCredentials? in
            guard let cached else { return nil }
            if let expiration = cached.expiration, clock() >= expiration.addingTimeInterval(-Self.refreshWindow) {
                return nil
            }
            return cached
        }) {
            return fresh
        }
        let fetched = try fetch()
        lock.withLock { cached = fetched }
        return fetched
    }
}
