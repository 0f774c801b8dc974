import AWSCore
import AWSServices
import Foundation

/// A transport that records every request and answers with scripted outcomes in order (the last one repeats).
final class FakeTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: `sent` is only touched while `lock` is held.
    private let lock = NSLock()
    private let outcomes: [Result<HTTPResponse, TransportError>]
    private var sent: [HTTPRequest] = []

    init(_ outcomes: [Result<HTTPResponse, TransportError>]) {
        self.outcomes = outcomes
    }

    /// Answers every request with status 200 and these bodies in order.
    convenience init(bodies: [String]) {
        self.init(bodies.map { .success(HTTPResponse(status: 200, body: Array($0.utf8))) })
    }

    /// The requests sent, in order.
    var requests: [HTTPRequest] { lock.withLock { sent } }

    /// The form bodies sent, in order.
    var bodies: [String] { requests.map { String(decoding: $0.body, as: UTF8.self) } }

    func send(_ request: HTTPRequest, timeout: HTTPTimeouts) throws(TransportError) -> HTTPResponse {
        let outcome = lock.withLock { () -> Result<HTTPResponse, TransportError> in
            sent.append(request)
            return outcomes[min(sent.count, outcomes.count) - 1]
        }
        return try outcome.get()
    }
}

/// Fixed inputs shared by the tests.
enum Fixtures {
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let iamEndpoint = URL(string: "https://iam.amazonaws.com/") ?? URL(fileURLWithPath: "/")
    static let date = Date(timeIntervalSince1970: 1_440_938_160)

    static func clock() -> SigningClock {
        SigningClock(source: { date })
    }

    /// An IAM client over `transport` that signs at ``date``, waits through `sleeper` and jitters with 0.5.
    static func iam(
        _ transport: any HTTPTransport, endpoint: URL = iamEndpoint,
        sleeper: any Sleeper = RecordingSleeper(), timeouts: HTTPTimeouts = .default
    ) -> IAMClient {
        IAMClient(
            endpoint: endpoint, region: "us-east-1", credentials: credentials, transport: transport, clock: clock(),
            sleeper: sleeper, random: FixedRandomSource(0.5), timeouts: timeouts)
    }

    /// An STS client over `transport`.
    static func sts(_ transport: any HTTPTransport, endpoint: URL) -> STSClient {
        STSClient(
            endpoint: endpoint, region: "us-east-1", credentials: credentials, transport: transport, clock: clock(),
            sleeper: RecordingSleeper(), random: FixedRandomSource(0.5))
    }

    /// The Cloud Control endpoint of the tests.
    static let cloudControlEndpoint =
        URL(string: "https://cloudcontrolapi.us-west-2.amazonaws.com/") ?? URL(fileURLWithPath: "/")

    /// A Cloud Control client for `us-west-2` over `transport` that signs at ``date`` (or on `clock`), waits through
    /// `sleeper` and jitters with 0.5.
    static func cloudControl(
        _ transport: any HTTPTransport, credentials: AWSCredentials = credentials, clock: SigningClock = clock(),
        sleeper: any Sleeper = RecordingSleeper(), retry: RetryPolicy = .standard
    ) -> CloudControlClient {
        CloudControlClient(
            endpoint: cloudControlEndpoint, region: "us-west-2", credentials: credentials, transport: transport,
            clock: clock, retry: retry, sleeper: sleeper, random: FixedRandomSource(0.5))
    }

    /// A JSON-protocol answer: `status` with `body`, the JSON 1.0 content type and a request id.
    static func json(_ body: String, status: Int = 200, requestId: String = "req-json-1", headers: [HTTPHeader] = [])
        -> Result<HTTPResponse, TransportError>
    {
        .success(
            HTTPResponse(
                status: status,
                headers: [
                    HTTPHeader("Content-Type", "application/x-amz-json-1.0"), HTTPHeader("x-amzn-RequestId", requestId),
                ] + headers, body: Array(body.utf8)))
    }

    /// A `ProgressEvent` answer with `status` (and the other fields given).
    static func progress(
        _ status: String, token: String = "tok-1", extra: String = "", operation: String = "CREATE"
    ) -> Result<HTTPResponse, TransportError> {
        json(
            #"{"ProgressEvent":{"TypeName":"AWS::ImageBuilder::Image","RequestToken":"\#(token)","#
                + #""Operation":"\#(operation)","OperationStatus":"\#(status)""# + extra + "}}")
    }

    /// A 200 response with `body`.
    static func ok(_ body: String) -> Result<HTTPResponse, TransportError> {
        .success(HTTPResponse(status: 200, body: Array(body.utf8)))
    }

    /// A SimulatePrincipalPolicy page with one `allowed` result per action; truncated when `marker` is given.
    static func simulatePage(_ actions: [String], marker: String? = nil, operation: String = "SimulatePrincipalPolicy")
        -> String
    {
        let members = actions.map {
            "<member><EvalActionName>\($0)</EvalActionName><EvalResourceName>*</EvalResourceName>"
                + "<EvalDecision>allowed</EvalDecision><MatchedStatements/><MissingContextValues/></member>"
        }
        let paging =
            marker.map { "<IsTruncated>true</IsTruncated><Marker>\($0)</Marker>" }
            ?? "<IsTruncated>false</IsTruncated>"
        return """
            <\(operation)Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><\(operation)Result>\(paging)\
            <EvaluationResults>\(members.joined())</EvaluationResults></\(operation)Result>\
            <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></\(operation)Response>
            """
    }

    /// A query-protocol error body.
    static func errorBody(_ code: String, _ message: String, requestId: String = "4f2d1c8e-9b3a") -> String {
        """
        <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>\
        <Code>\(code)</Code><Message>\(message)</Message></Error><RequestId>\(requestId)</RequestId></ErrorResponse>
        """
    }
}
