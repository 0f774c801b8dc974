import JSON

/// `iamgate whoami --format json`: one object, the note rendered as its sentence.
public enum WhoAmIJSON {
    public static func render(_ report: WhoAmIReport) -> JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("account", .string(report.account)),
            ("arn", .string(report.arn)),
            ("userId", .string(report.userId)),
            ("principal", .string(report.principal)),
            ("credentialSource", .string(report.credentialSource)),
            ("accessKey", .string(report.accessKey)),
            ("temporary", .bool(report.temporary)),
            ("profile", .string(report.profile)),
            ("region", report.region.map(JSONOutput.string) ?? .null),
            ("endpoints", .object([("sts", .string(report.stsEndpoint)), ("iam", .string(report.iamEndpoint))])),
        ]
        if let note = report.note { members.append(("note", .string(ReportSentences.note(note)))) }
        return .object(members)
    }
}
