import Foundation

/// `iamgate whoami --format text`: one aligned `label  value` row per fact.
public enum WhoAmIText {
    public static func render(_ report: WhoAmIReport) -> String {
        var rows: [(String, String)] = [
            ("account", report.account),
            ("caller", report.arn),
            ("user id", report.userId),
            ("principal", report.principal + (report.principal == report.arn ? "" : " (checked for)")),
            (
                "credentials",
                "\(report.credentialSource), key \(report.accessKey)\(report.temporary ? " (temporary)" : "")"
            ),
            ("profile", report.profile + (report.profileIsExplicit ? " (--profile)" : "")),
            ("region", report.region ?? "(none)"),
            ("endpoints", "sts \(report.stsEndpoint), iam \(report.iamEndpoint)"),
        ]
        if let note = report.note { rows.append(("note", ReportSentences.note(note))) }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { "\($0.0.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.1)" }
            .joined(separator: "\n") + "\n"
    }
}
