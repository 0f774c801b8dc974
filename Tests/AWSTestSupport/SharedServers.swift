import Testing

extension FakeAWSServer {
    /// The server of the enclosing suite marked ``Testing/Trait/sharedFakeAWSServer``; `nil` outside one.
    @TaskLocal public static var shared: FakeAWSServer?
}

/// Runs a suite's tests against one ``FakeAWSServer``, started before the first test and stopped after the last;
/// tests find it in ``FakeAWSServer/shared`` and keep apart by using their own scenario names.
public struct SharedFakeAWSServer: SuiteTrait, TestScoping {
    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try FakeAWSServer()
        defer { server.stop() }
        try await FakeAWSServer.$shared.withValue(server) { try await function() }
    }
}

extension Trait where Self == SharedFakeAWSServer {
    /// One ``FakeAWSServer`` for the whole suite: see ``SharedFakeAWSServer``.
    public static var sharedFakeAWSServer: Self { Self() }
}
