import Crypto
import Foundation

/// Signs requests with AWS Signature Version 4 the way botocore's `SigV4Auth` does for IAM, STS and Cloud Control. A
/// pure value: it reads no clock and does no I/O, so the same request, credentials and date always sign the same.
public struct SigV4Signer: Sendable {
    /// The signing name of the service, for example `iam`, `sts` or `cloudcontrolapi`.
    public let service: String
    /// The signing region, for example `us-east-1` (IAM signs with `us-east-1` whatever the user's region).
    public let region: String
    /// Whether signing adds `X-Amz-Content-SHA256` with the body's hash. S3 needs it; IAM, STS and Cloud Control do
    /// not, and botocore does not send it to them.
    public let addsContentSHA256Header: Bool

    public init(service: String, region: String, addsContentSHA256Header: Bool = false) {
        self.service = service
        self.region = region
        self.addsContentSHA256Header = addsContentSHA256Header
    }

    /// `request` signed with `credentials` at `date`: any `Authorization` is dropped, `Host` is added from the URL
    /// when absent, `X-Amz-Date` is set, `X-Amz-Security-Token` is set when the credentials have a session token, and
    /// `Authorization` is added last.
    public func sign(_ request: HTTPRequest, credentials: AWSCredentials, date: Date) -> HTTPRequest {
        signing(request, credentials: credentials, date: date).request
    }

    /// Signs like ``sign(_:credentials:date:)`` and returns the intermediate strings along with the signed request.
    public func signing(_ request: HTTPRequest, credentials: AWSCredentials, date: Date) -> SigV4Signing {
        let timestamp = SigV4Timestamp(date)
        var prepared = prepare(request, credentials: credentials, timestamp: timestamp)
        let headers = canonicalHeaders(of: prepared)
        let canonicalRequest = canonicalRequest(of: prepared, headers: headers)
        let stringToSign = stringToSign(canonicalRequest: canonicalRequest, timestamp: timestamp)
        let signature = signature(
            stringToSign: stringToSign, secretAccessKey: credentials.secretAccessKey, timestamp: timestamp)
        let authorization =
            "\(Self.algorithm) Credential=\(credentials.accessKeyId)/\(credentialScope(timestamp)), "
            + "SignedHeaders=\(headers.signedHeaders), Signature=\(signature)"
        prepared.headers.append(HTTPHeader("Authorization", authorization))
        return SigV4Signing(
            request: prepared, canonicalRequest: canonicalRequest, stringToSign: stringToSign,
            signedHeaders: headers.signedHeaders, signature: signature, authorization: authorization)
    }

    static let algorithm = "AWS4-HMAC-SHA256"

    /// The request as it will be signed and sent, without `Authorization`. A `Date` header is left alone and
    /// signed like any other (botocore instead replaces it and omits `X-Amz-Date`).
    func prepare(_ request: HTTPRequest, credentials: AWSCredentials, timestamp: SigV4Timestamp) -> HTTPRequest {
        var prepared = request
        prepared.removeHeaders(named: "Authorization")
        if prepared.headerValue(named: "Host") == nil {
            prepared.headers.insert(HTTPHeader("Host", prepared.authority), at: 0)
        }
        prepared.setHeader("X-Amz-Date", timestamp.amzDate)
        if let token = credentials.sessionToken, !token.isEmpty {
            prepared.setHeader("X-Amz-Security-Token", token)
        }
        if addsContentSHA256Header {
            prepared.setHeader("X-Amz-Content-SHA256", Self.payloadHash(prepared.body))
        }
        return prepared
    }

    /// `date/region/service/aws4_request`.
    func credentialScope(_ timestamp: SigV4Timestamp) -> String {
        "\(timestamp.dateStamp)/\(region)/\(service)/aws4_request"
    }

    /// `AWS4-HMAC-SHA256`, the timestamp, the credential scope and the hex SHA-256 of the canonical request.
    func stringToSign(canonicalRequest: String, timestamp: SigV4Timestamp) -> String {
        let hash = URIEncoding.lowercaseHex(SHA256.hash(data: Array(canonicalRequest.utf8)))
        return [Self.algorithm, timestamp.amzDate, credentialScope(timestamp), hash].joined(separator: "\n")
    }

    /// The hex HMAC-SHA256 of `stringToSign` under the key derived for this day, region and service.
    func signature(stringToSign: String, secretAccessKey: String, timestamp: SigV4Timestamp) -> String {
        let key = Self.signingKey(
            secretAccessKey: secretAccessKey, dateStamp: timestamp.dateStamp, region: region, service: service)
        return URIEncoding.lowercaseHex(Self.hmac(key: key, Array(stringToSign.utf8)))
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    static func signingKey(secretAccessKey: String, dateStamp: String, region: String, service: String) -> [UInt8] {
        var key = Array("AWS4\(secretAccessKey)".utf8)
        for part in [dateStamp, region, service, "aws4_request"] {
            key = hmac(key: key, Array(part.utf8))
        }
        return key
    }

    /// Lower-case hex SHA-256 of `body`; the empty body hashes to `e3b0c442…b855`.
    static func payloadHash(_ body: [UInt8]) -> String {
        URIEncoding.lowercaseHex(SHA256.hash(data: body))
    }

    private static func hmac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }
}
