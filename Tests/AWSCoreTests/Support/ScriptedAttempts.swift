import AWSCore
import Foundation

/// Stands in for "sign and send" in retry tests: hands out scripted outcomes in order (the last one repeats) and
/// records the signing date of every attempt.
final class ScriptedAttempts: @unchecked Sendable {
    // @unchecked: both arrays are only touched while `lock` is held.
    private let lock = NSLock()
    private let outcomes: [Result<HTTPResponse, TransportError>]
    private var dates: [Date] = []

    init(_ outcomes: [Result<HTTPResponse, TransportError>]) {
        self.outcomes = outcomes
    }

    /// The signing dates the client passed, one per attempt.
    var signingDates: [Date] { lock.withLock { dates } }
    var count: Int { signingDates.count }

    func attempt(_ date: Date) throws(TransportError) -> HTTPResponse {
        let outcome = lock.withLock { () -> Result<HTTPResponse, TransportError> in
            dates.append(date)
            return outcomes[min(dates.count, outcomes.count) - 1]
        }
        return try outcome.get()
    }

    /// A query-protocol error response.
    static func queryError(
        _ code: String, status: Int, message: String = "message", headers: [HTTPHeader] = []
    ) -> Result<HTTPResponse, TransportError> {
        let body = """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>\
            <Code>\(code)</Code><Message>\(message)</Message></Error><RequestId>req-\(code)</RequestId></ErrorResponse>
            """
        return .success(HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
    }

    static let ok: Result<HTTPResponse, TransportError> = .success(HTTPResponse(status: 200, body: Array("<ok/>".utf8)))
}
