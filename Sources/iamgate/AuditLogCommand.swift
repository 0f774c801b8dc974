import ArgumentParser
import IAMGateKit

extension IAMGate {
    struct AuditLogCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit-log", abstract: "Work with the audit logs 'iamgate exec --audit-log' writes.",
            subcommands: [Verify.self])

        struct Verify: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check that no record of an audit log was changed, removed or reordered.",
                discussion: """
                    Each record carries the SHA-256 of the line before it. Exit 0 when the chain holds, 2 naming the \
                    first record where it breaks, 64 when the file cannot be read or a line is not a record.
                    """)

            @Argument(help: "The audit log (JSON Lines).")
            var file: String

            func run() throws {
                let code = try reportingErrors {
                    let result = try AuditLogVerification.verify(path: file)
                    if let problem = result.problem {
                        print("\(file): \(problem)")
                        return Exit.denied
                    }
                    print("\(file): \(result.records) record\(result.records == 1 ? "" : "s"), the chain holds")
                    return Exit.success
                }
                throw code
            }
        }
    }
}
