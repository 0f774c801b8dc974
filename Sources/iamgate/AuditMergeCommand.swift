import ArgumentParser
import IAMGateKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension IAMGate.Audit {
    /// `iamgate audit merge A.json B.json …`: one report from the reports of separate accounts.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge the JSON audit reports of separate accounts into one report.",
            discussion: """
                Reads reports written by 'iamgate audit --format json', one job per account (a CI matrix), and \
                writes the report one 'iamgate audit' over all their authorization-details files, in the order \
                given, would have written: principals, errors and escalations concatenated, inputs concatenated, \
                accounts and totals recomputed. Reports of different resources, operations or modes, and two reports \
                of one account, are refused. JSON only: a report read back keeps each principal's verdicts and lines, \
                not the evidence the other formats render. Exit 0, 6 when the merged report lists unresolved \
                principals (as audit does), 64 bad input.
                """)

        @Argument(help: "The reports to merge (iamgate audit --format json; '-' for standard input, once).")
        var reports: [String] = []

        @Option(name: .shortAndLong, help: "Write the merged report to this file (default: standard output).")
        var output: String?

        func validate() throws {
            if reports.isEmpty { throw ValidationError("give the JSON reports to merge") }
        }

        func run() throws {
            let code = try reportingErrors { try merge() }
            throw code
        }

        func merge() throws -> ExitCode {
            let merge = try AuditMerger.read(reports)
            if let output {
                try ByteFile.replace(output) { sink in try AuditMerger.write(merge, to: sink) }
            } else {
                guard let stream = fdopen(dup(STDOUT_FILENO), "wb") else {
                    throw RuntimeError("cannot write the merged report to standard output")
                }
                var sink = ByteFile(stream: stream)
                do {
                    try AuditMerger.write(merge) { sink.write($0) }
                } catch {
                    fclose(stream)
                    throw error
                }
                if fclose(stream) != 0 || sink.failed {
                    throw RuntimeError("cannot write the merged report to standard output")
                }
            }
            return merge.reports.allSatisfy(\.errors.isEmpty) ? Exit.success : Exit.unresolvedPrincipals
        }
    }
}
