import ArgumentParser
import IAMGateKit

/// Output formats of `iamgate audit diff`.
enum AuditDiffFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case markdown
}

/// What makes `iamgate audit diff` exit 2.
enum AuditDiffFailOn: String, ExpressibleByArgument, CaseIterable {
    /// Any principal gained access to any operation.
    case gained
    /// Any principal lost access to any operation.
    case lost
    /// Either.
    case any
}

extension IAMGate.Audit {
    /// `iamgate audit diff OLD NEW`: the access gained and lost between two audit reports.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two audit reports: the access each principal gained and lost, per operation.",
            discussion: """
                Reads two reports written by 'iamgate audit --format json' and lists, per principal and operation, \
                the verdict before and after where access grew (gained: denied → undetermined → allowed, or a new \
                principal or operation that is allowed or undetermined) or shrank (lost); the principals added and \
                removed; the principals the new report could not resolve; and how the two audits were asked \
                differently (mode, operations — only the operations of both are compared — region, organization \
                levels). Exit 0; with --fail-on, 2 when a principal gained (lost, either) access, else 6 when the \
                new report has principals the old one resolved but it could not; 64 bad input.
                """)

        @Argument(help: "The earlier report (iamgate audit --format json; '-' for standard input).")
        var old: String

        @Argument(help: "The later report.")
        var new: String

        @Option(help: "Output format.")
        var format: AuditDiffFormat = .text

        @Option(name: .customLong("fail-on"), help: "Exit 2 when any principal gained, lost, or either (any).")
        var failOn: AuditDiffFailOn?

        func run() throws {
            let code = try reportingErrors { try diff() }
            throw code
        }

        func diff() throws -> ExitCode {
            let diff = try AuditDiffer.diff(oldPath: old, newPath: new)
            var output = StandardOutput()
            switch format {
            case .text: AuditDiffText.write(diff, style: .automatic) { output.write($0) }
            case .json: output.write(AuditDiffJSON.render(diff))
            case .markdown: AuditDiffMarkdown.write(diff) { output.write($0) }
            }
            output.flush()
            guard let failOn else { return Exit.success }
            let failed: Bool
            switch failOn {
            case .gained: failed = !diff.gained.isEmpty
            case .lost: failed = !diff.lost.isEmpty
            case .any: failed = !diff.gained.isEmpty || !diff.lost.isEmpty
            }
            if failed { return Exit.denied }
            // Fail closed: a principal the new report could not resolve may have gained (or lost) anything.
            return diff.newErrors.isEmpty ? Exit.success : Exit.unresolvedPrincipals
        }
    }
}
