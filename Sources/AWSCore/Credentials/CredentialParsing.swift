import Foundation

/// Reading the JSON and timestamps credential sources answer with.
enum CredentialParsing {
    /// An ISO 8601 timestamp, with or without fractional seconds (`2026-11-26T16:49:59Z`).
    static func date(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The top-level JSON object in `bytes`, or `nil`.
    static func object(_ bytes: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    }

    /// Credentials from a JSON object with `AccessKeyId`, `SecretAccessKey`, a token under `tokenKey` and an optional
    /// `Expiration`; on failure, a reason that names the missing or bad field but never quotes a value.
    static func credentials(
        _ object: [String: Any], tokenKey: String, tokenRequired: Bool
    ) -> Result<AWSCredentials, ReasonText> {
        guard let keyId = object["AccessKeyId"] as? String, !keyId.isEmpty else {
            return .failure(ReasonText("has no AccessKeyId"))
        }
        guard let secret = object["SecretAccessKey"] as? String, !secret.isEmpty else {
            return .failure(ReasonText("has no SecretAccessKey"))
        }
        let token = (object[tokenKey] as? String).flatMap { $0.isEmpty ? nil : $0 }
        if tokenRequired && token == nil {
            return .failure(ReasonText("has no \(tokenKey)"))
        }
        var expiration: Date?
        if let text = object["Expiration"] as? String {
            guard let date = date(text) else {
                return .failure(ReasonText("has an Expiration that is not an ISO 8601 timestamp"))
            }
            expiration = date
        }
        return .success(
            AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: token, expiration: expiration))
    }
}

/// The tail of an error sentence whose subject the caller supplies: `has no AccessKeyId`.
struct ReasonText: Error, Hashable {
    var text: String
    init(_ text: String) { self.text = text }
}

extension String {
    /// The first line of a command's or server's message, at most 200 characters, for quoting in an error.
    var firstLineForMessage: String {
        let line = split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 200 ? String(trimmed.prefix(200)) + "…" : trimmed
    }
}
