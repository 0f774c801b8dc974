import Foundation
import Testing

@testable import AWSCore

/// Credentials never show their secret or token, whichever way they are printed.
@Suite("SigV4 credentials redaction")
struct SigV4CredentialsTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let token = "IQoJb3JpZ2luX2VjEXAMPLE/TOKEN+with=padding=="
    static let credentials = AWSCredentials(
        accessKeyId: "AKIAABCDEFGHIJKLXYZ1", secretAccessKey: secret, sessionToken: token,
        expiration: Date(timeIntervalSince1970: 1_440_938_160))

    static func renderings(_ credentials: AWSCredentials) -> [String] {
        var dumped = ""
        dump(credentials, to: &dumped)
        var printed = ""
        print(credentials, to: &printed)
        debugPrint(credentials, to: &printed)
        return [
            credentials.description, "\(credentials)", String(describing: credentials),
            String(reflecting: credentials), dumped, printed, "\([credentials])", "\(Optional(credentials) as Any)",
        ]
    }

    @Test("description, interpolation, debugDescription, dump and print hide the secret and the token")
    func neverShowsSecrets() {
        for text in Self.renderings(Self.credentials) {
            #expect(!text.contains(Self.secret), "secret in: \(text)")
            #expect(!text.contains(Self.token), "token in: \(text)")
            #expect(!text.contains("AKIAABCDEFGHIJKLXYZ1"), "full key id in: \(text)")
            #expect(text.contains("AKIA…XYZ1"), "shortened key id missing in: \(text)")
        }
        #expect(
            Self.credentials.description
                == "AWSCredentials(accessKeyId: AKIA…XYZ1, secretAccessKey: <redacted>, sessionToken: <redacted>, "
                + "expiration: 2015-08-30T12:36:00Z)")
        let longTerm = AWSCredentials(accessKeyId: "AKIAABCDEFGHIJKLXYZ1", secretAccessKey: Self.secret)
        #expect(
            longTerm.description
                == "AWSCredentials(accessKeyId: AKIA…XYZ1, secretAccessKey: <redacted>, sessionToken: none)")
    }

    @Test(
        "key ids are shortened to the first and last four characters, less when short",
        arguments: [
            ("AKIAABCDEFGHIJKLXYZ1", "AKIA…XYZ1"),
            ("ASIAQWERTYUIOPASDFGH", "ASIA…DFGH"),
            ("AKIA12345678", "AKIA…5678"),
            ("AKIDEXAMPLE", "AKID…"),
            ("AKIA", "…"),
            ("", "…"),
        ])
    func shortenedKeyId(keyId: String, expected: String) {
        #expect(AWSCredentials.redacted(accessKeyId: keyId) == expected)
    }

    @Test("redacting text removes the secret and token, plain or percent-encoded, and shortens the key id")
    func redactingText() {
        let signing = SigV4Signer(service: "sts", region: "us-east-1")
            .signing(
                HTTPRequest(method: "POST", host: "sts.amazonaws.com"), credentials: Self.credentials,
                date: Date(timeIntervalSince1970: 1_440_938_160))
        let log = """
            \(signing.canonicalRequest)
            Authorization: \(signing.authorization)
            presigned: X-Amz-Security-Token=\(URIEncoding.encode(Self.token))
            key: \(Self.secret)
            """
        let redacted = Self.credentials.redacting(log)
        #expect(log.contains(Self.token))
        #expect(!redacted.contains(Self.token) && !redacted.contains(URIEncoding.encode(Self.token)))
        #expect(!redacted.contains(Self.secret))
        #expect(!redacted.contains("AKIAABCDEFGHIJKLXYZ1") && redacted.contains("Credential=AKIA…XYZ1/"))
        #expect(redacted.contains("x-amz-security-token:<redacted>"))
    }

    @Test("credentials with equal fields are equal and hash alike; the secret takes part")
    func hashable() {
        var other = Self.credentials
        #expect(other == Self.credentials && other.hashValue == Self.credentials.hashValue)
        other.secretAccessKey = "different"
        #expect(other != Self.credentials)
    }
}
