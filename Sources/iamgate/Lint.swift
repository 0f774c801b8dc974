import ArgumentParser
import IAMGateKit
import IAMPolicy

/// Output formats of `iamgate lint`.
enum LintFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// The policy type `iamgate lint --type` checks a file as.
enum LintPolicyType: String, ExpressibleByArgument, CaseIterable {
    case identity
    case resource
    case boundary
    case session
    case scp
    case rcp
    case endpoint

    var policyType: PolicyType {
        switch self {
        case .identity: return .identity
        case .resource: return .resource
        case .boundary: return .permissionsBoundary
        case .session: return .session
        case .scp: return .scp
        case .rcp: return .rcp
        case .endpoint: return .endpoint
        }
    }
}

extension IAMGate {
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check IAM policy files: errors AWS would reject, and warnings about likely mistakes.",
            discussion: "Exit 64 when any file has an error, 0 otherwise (warnings alone exit 0)."
        )

        @Argument(help: "Policy files ('-' reads standard input).")
        var files: [String]

        @Option(help: "The kind of policy, which decides where 'Principal' belongs (default: not checked).")
        var type: LintPolicyType?

        @Option(help: "Output format.")
        var format: LintFormat = .text

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one policy file") }
        }

        func run() throws {
            try requireServiceData()
            let code = try reportingErrors {
                let linter = PolicyLinter(policyType: type?.policyType)
                var reports: [LintReport] = []
                for file in files {
                    reports.append(try linter.lint(path: file))
                }
                switch format {
                case .text: print(LintText.render(reports, style: .automatic), terminator: "")
                case .json: print(JSONOutput.array(reports.map(\.json)).rendered())
                }
                return reports.contains { $0.errorCount > 0 } ? Exit.invalidInput : Exit.success
            }
            throw code
        }
    }
}
