import AWSCore
import Foundation

/// A transport that answers every request with the same status and body, as a server sending fuzzed answers would;
/// nothing reaches the network.
struct ScriptedTransport: HTTPTransport {
    var status: Int
    var headers: [HTTPHeader] = [HTTPHeader("x-amzn-RequestId", "fuzz-request")]
    var body: [UInt8]

    func send(_ request: HTTPRequest, timeout: HTTPTimeouts) throws(TransportError) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: body)
    }
}

/// `credential_process` answered with a fixed output; no shell runs.
struct ScriptedCommandRunner: CommandRunner {
    var output: [UInt8]

    func run(_ command: String, environment: [String: String]) throws(CredentialError) -> CommandResult {
        CommandResult(status: 0, standardOutput: output)
    }
}

/// A sleeper that does not sleep but moves a clock on, so that retries and waiters take no real time and still reach
/// their deadlines.
final class AdvancingClock: Sleeper, @unchecked Sendable {
    // @unchecked: `current` is only touched while `lock` is held.
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_700_000_000)

    var now: Date { lock.withLock { current } }

    func sleep(seconds: Double) {
        guard seconds.isFinite, seconds > 0 else { return }
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}

/// What every client a target builds shares.
enum ScriptedAWS {
    static let credentials = AWSCredentials(
        accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "fuzz-secret-access-key", sessionToken: "fuzz-token")
    static let endpoint = URL(string: "https://fuzz.invalid/") ?? URL(fileURLWithPath: "/")
}
