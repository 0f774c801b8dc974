/// Sends one HTTP request and returns the response, whatever its status. The protocol is the seam between the AWS
/// clients and the network: ``CurlTransport`` is the real one, and tests substitute a scripted one.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and waits for the complete response; throws only when no complete response arrived.
    func send(_ request: HTTPRequest, timeout: HTTPTimeouts) throws(TransportError) -> HTTPResponse
}
