import AWSCore
import AWSServices
import JSON

/// What `iamgate whoami` prints: the caller, the principal iamgate checks for it, and where the credentials and
/// settings came from.
public struct WhoAmIReport: Sendable {
    public var caller: Caller
    public var credentialSource: String
    /// The access key id shortened as `AKIA…XYZ1`.
    public var accessKey: String
    public var temporary: Bool
    public var profile: String
    public var profileIsExplicit: Bool
    public var region: String?
    public var stsEndpoint: String
    public var iamEndpoint: String

    /// Resolves the session's caller and describes it.
    public static func run(_ options: AWSAccessOptions) throws(RuntimeError) -> WhoAmIReport {
        let session = try AWSSession(options)
        let caller = try Caller.resolve(session: session)
        let configuration = session.configuration
        return WhoAmIReport(
            caller: caller, credentialSource: session.credentials.source,
            accessKey: AWSCredentials.redacted(accessKeyId: session.credentials.credentials.accessKeyId),
            temporary: session.credentials.credentials.sessionToken != nil, profile: configuration.profileName,
            profileIsExplicit: configuration.profileIsExplicit, region: configuration.region,
            stsEndpoint: (try? configuration.endpoint(for: .sts)) ?? "",
            iamEndpoint: (try? configuration.endpoint(for: .iam)) ?? "")
    }

    public var text: String {
        var rows: [(String, String)] = [
            ("account", caller.identity.account),
            ("caller", caller.identity.arn),
            ("user id", caller.identity.userId),
            ("principal", caller.principalARN + (caller.principalARN == caller.identity.arn ? "" : " (checked for)")),
            ("credentials", "\(credentialSource), key \(accessKey)\(temporary ? " (temporary)" : "")"),
            ("profile", profile + (profileIsExplicit ? " (--profile)" : "")),
            ("region", region ?? "(none)"),
            ("endpoints", "sts \(stsEndpoint), iam \(iamEndpoint)"),
        ]
        if let note = caller.note { rows.append(("note", ReportSentences.note(note))) }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { "\($0.0.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.1)" }
            .joined(separator: "\n") + "\n"
    }

    public var json: JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("account", .string(caller.identity.account)),
            ("arn", .string(caller.identity.arn)),
            ("userId", .string(caller.identity.userId)),
            ("principal", .string(caller.principalARN)),
            ("credentialSource", .string(credentialSource)),
            ("accessKey", .string(accessKey)),
            ("temporary", .bool(temporary)),
            ("profile", .string(profile)),
            ("region", region.map(JSONOutput.string) ?? .null),
            ("endpoints", .object([("sts", .string(stsEndpoint)), ("iam", .string(iamEndpoint))])),
        ]
        if let note = caller.note { members.append(("note", .string(ReportSentences.note(note)))) }
        return .object(members)
    }
}
