import AWSCore

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
