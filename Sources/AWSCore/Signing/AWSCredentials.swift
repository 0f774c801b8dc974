import Foundation

/// An AWS access key, with the session token and expiry of temporary credentials. Printing, interpolating or dumping
/// it never shows the secret or the token, and shows the key id only as `AKIA…XYZ1`.
public struct AWSCredentials: Sendable, Hashable {
    /// The access key id, for example `AKIAIOSFODNN7EXAMPLE` (long-term) or `ASIA…` (temporary).
    public var accessKeyId: String
    /// The secret access key; only the signer reads it.
    public var secretAccessKey: String
    /// The session token of temporary credentials; signed as `X-Amz-Security-Token`.
    public var sessionToken: String?
    /// When temporary credentials stop working.
    public var expiration: Date?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// An access key id as it may appear in messages: the first and last four characters, `AKIA…XYZ1`. Ids shorter
    /// than twelve characters keep only their first four (`AKID…`), and ids of four or fewer show nothing (`…`).
    public static func redacted(accessKeyId: String) -> String {
        if accessKeyId.count >= 12 {
            return "\(accessKeyId.prefix(4))…\(accessKeyId.suffix(4))"
        }
        if accessKeyId.count > 4 {
            return "\(accessKeyId.prefix(4))…"
        }
        return "…"
    }

    /// `text` with this key's secret and session token replaced by `<redacted>` (also where they appear
    /// percent-encoded) and its key id shortened as in ``redacted(accessKeyId:)``; for logging requests and errors.
    public func redacting(_ text: String) -> String {
        var result = text
        for secret in [sessionToken, secretAccessKey].compactMap({ $0 }) where !secret.isEmpty {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
            let encoded = URIEncoding.encode(secret)
            if encoded != secret {
                result = result.replacingOccurrences(of: encoded, with: "<redacted>")
            }
        }
        if !accessKeyId.isEmpty {
            result = result.replacingOccurrences(of: accessKeyId, with: Self.redacted(accessKeyId: accessKeyId))
        }
        return result
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        var parts = ["accessKeyId: \(Self.redacted(accessKeyId: accessKeyId))", "secretAccessKey: <redacted>"]
        parts.append(sessionToken == nil ? "sessionToken: none" : "sessionToken: <redacted>")
        if let expiration {
            parts.append("expiration: \(expiration.ISO8601Format())")
        }
        return "AWSCredentials(\(parts.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }
}

extension AWSCredentials: CustomReflectable {
    /// What `dump` and debuggers show: the same redacted fields as ``description``.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyId": Self.redacted(accessKeyId: accessKeyId),
                "secretAccessKey": "<redacted>",
                "sessionToken": sessionToken == nil ? "none" : "<redacted>",
                "expiration": expiration.map { $0.ISO8601Format() } ?? "none",
            ],
            displayStyle: .struct)
    }
}
