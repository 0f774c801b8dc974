import AWSCore
import Foundation

/// What every client a target builds shares.
enum ScriptedAWS {
    static let credentials = AWSCredentials(
        accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "fuzz-secret-access-key", sessionToken: "fuzz-token")
    static let endpoint = URL(string: "https://fuzz.invalid/") ?? URL(fileURLWithPath: "/")
}
