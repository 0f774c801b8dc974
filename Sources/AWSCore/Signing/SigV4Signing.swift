/// One SigV4 signature and everything it was computed from, to compare with a reference or to debug a
/// `SignatureDoesNotMatch`. The canonical request contains the session token when one is signed: pass it through
/// ``AWSCredentials/redacting(_:)`` before logging it.
public struct SigV4Signing: Sendable, Hashable {
    /// The request with `Host`, `X-Amz-Date`, `X-Amz-Security-Token` and `Authorization` in place, ready to send.
    public let request: HTTPRequest
    /// Method, canonical URI, canonical query, canonical headers, signed headers and payload hash, one per line.
    public let canonicalRequest: String
    /// `AWS4-HMAC-SHA256`, the timestamp, the credential scope and the hash of the canonical request.
    public let stringToSign: String
    /// The lower-case names of the signed headers joined with `;`.
    public let signedHeaders: String
    /// The hex HMAC-SHA256 of the string to sign under the derived signing key.
    public let signature: String
    /// The value of the `Authorization` header.
    public let authorization: String
}
