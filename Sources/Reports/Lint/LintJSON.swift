import IAMPolicy
import JSON

/// `iamgate lint --format json`: an array, one object per file, in order.
public enum LintJSON {
    public static func render(_ reports: [LintReport]) -> JSONOutput {
        .array(reports.map(\.json))
    }
}

extension LintReport {
    /// `{"file", "errors", "warnings", "findings": [...]}`.
    public var json: JSONOutput {
        .object([
            ("file", .string(source)), ("errors", .int(errorCount)), ("warnings", .int(warningCount)),
            ("findings", .array(findings.map(\.json))),
        ])
    }
}

extension Finding {
    /// `{"code", "severity", "message", "source", "line", "column"}`; no position when the finding has none.
    public var json: JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("code", .string(code)), ("severity", .string(severity.rawValue)), ("message", .string(message)),
            ("source", .string(source)),
        ]
        if let location {
            members.append(("line", .int(location.line)))
            members.append(("column", .int(location.column)))
        }
        return .object(members)
    }
}
