import ArgumentParser
import IAMGateKit

/// Output formats of `iamgate lint`.
enum LintFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// `iamgate lint --type`: the policy type a file is checked as (IAMGateKit's `LintPolicyType`).
extension LintPolicyType: ExpressibleByArgument {}

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
                let linter = PolicyLinter(type: type)
                var reports: [LintReport] = []
                for file in files {
                    reports.append(try linter.lint(path: file))
                }
                switch format {
                case .text: print(LintText.render(reports, style: .automatic), terminator: "")
                case .json: print(LintJSON.render(reports).rendered())
                }
                return reports.contains { $0.errorCount > 0 } ? Exit.invalidInput : Exit.success
            }
            throw code
        }
    }
}
