import ArgumentParser
import IAMGateKit

/// Output formats of `iamgate eval`.
enum EvalFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

extension IAMGate {
    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run evaluation cases through the policy engine and explain each decision.",
            discussion: """
                Each FILE holds one evaluation case or a JSON array of them (see docs/evaluation.md). \
                Exit 0 when every case's expectation held, 2 when any did not, 64 on invalid input.
                """
        )

        @Argument(help: "Evaluation-case files ('-' reads standard input).")
        var files: [String]

        @Option(help: "Output format.")
        var format: EvalFormat = .text

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one evaluation-case file") }
        }

        func run() throws {
            let code = try reportingErrors {
                let results = try EvaluationRunner.run(paths: files)
                switch format {
                case .text: print(EvaluationText.render(results, style: .automatic), terminator: "")
                case .json: print(EvaluationJSON.render(results).rendered())
                }
                return results.contains { $0.held == false } ? Exit.denied : Exit.success
            }
            throw code
        }
    }
}
