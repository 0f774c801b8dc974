/// What a live run cost: HTTP requests sent (every attempt of every page) and how many of them were retries.
public struct CallStatistics: Sendable, Hashable {
    public var httpRequests: Int
    public var retries: Int

    public init(httpRequests: Int, retries: Int) {
        self.httpRequests = httpRequests
        self.retries = retries
    }

    /// The AWS calls made: requests that were not retries (each page of a paged call counts).
    public var calls: Int { httpRequests - retries }
}
