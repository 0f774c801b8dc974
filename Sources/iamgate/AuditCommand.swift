import ArgumentParser
import IAMGateKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Output formats of `iamgate audit`.
enum AuditFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case markdown
    case csv
    case sarif
    case html
}

extension IAMGate {
    /// `iamgate audit`: the audit itself (`audit run`, the default) and the commands that work on its reports.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report, for every user and role of an account, which operations on a resource it may perform.",
            discussion: "'iamgate audit OPTIONS' is 'iamgate audit run OPTIONS'.",
            subcommands: [Run.self, Diff.self, Merge.self], defaultSubcommand: Run.self)
    }
}

extension IAMGate.Audit {
    /// `iamgate audit [run]`: every user and role of one or more accounts, checked per operation.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report, for every user and role of an account, which operations on a resource it may perform.",
            discussion: """
                Checks every user and role of one or more accounts (an authorization-details file per account, or \
                --from-account) for each operation on a StackQL resource (or each statement of --sql), as \
                'iamgate check --authorization-details' checks one principal: the same verdicts and evidence, under \
                the organization's SCPs and RCPs. Groups are reported through their members. Apart from that, it \
                reports one hop of escalation: the audited roles a principal may assume, or have EC2 run as through \
                an Image Builder build, that may do more than it may (--no-escalations to skip). Exit 0 the report is \
                complete, 1 AWS or credential failure, 6 some principals could not be resolved (the report lists \
                them under errors), 64 bad input. With --expectations: 2 an expectation is broken or expired, 3 one \
                is undetermined (none broken or expired), before 6.
                """
        )

        @Option(
            name: .customLong("authorization-details"),
            help: "JSON from 'aws iam get-account-authorization-details' (repeatable, one file per account).")
        var authorizationDetails: [String] = []

        @Flag(
            name: .customLong("from-account"),
            help: "Fetch the caller's account with IAM GetAccountAuthorizationDetails instead of reading a file.")
        var fromAccount = false

        @Option(
            name: .customLong("principal"),
            help: "Only users and roles whose ARN, name or 'role/…' part matches (repeatable; * and ? wildcards).")
        var principals: [String] = []

        @Option(
            name: .customLong("scp"),
            help: "SCP files of one organization level, comma-separated (repeatable, root first, account last).")
        var scps: [String] = []

        @Option(name: .customLong("rcp"), help: "RCP files of one organization level, comma-separated (repeatable).")
        var rcps: [String] = []

        @Option(help: "The StackQL resource.")
        var resource = "awscc.imagebuilder.images"

        @Option(name: .customLong("operation"), help: "An operation: get_resource, list_resources… (repeatable).")
        var operations: [String] = []

        @Option(help: "StackQL statements (several separated by ';'): who could run them.")
        var sql: String?

        @Option(name: .customLong("sql-file"), help: "A file of StackQL statements (.iql/.sql).")
        var sqlFile: String?

        @Option(name: .customLong("var"), help: "A template variable NAME=VALUE for {{ NAME }} (repeatable).")
        var variables: [String] = []

        @Option(help: "The region, when the statement does not say.")
        var region: String?

        @Option(name: .customLong("context"), help: "A context value KEY=VALUE, [a,b] for sets (repeatable).")
        var context: [String] = []

        @Option(help: "A catalog directory instead of the built-in catalog (default: $IAMGATE_CATALOG_DIR).")
        var catalog: String?

        @Flag(help: "Treat absent context keys as absent instead of unknown (no undetermined verdicts).")
        var strict = false

        @Option(help: "Threads that check principals (default: one per core).")
        var threads: Int?

        @Option(
            help: "A YAML file of expectations (who alone may, who must be allowed); each is judged held or broken.")
        var expectations: String?

        @Option(
            name: .customLong("as-of"),
            help: "The day expectations' expiries are judged on, YYYY-MM-DD (default: today, UTC).")
        var asOf: String?

        @Option(help: "Output format.")
        var format: AuditFormat = .text

        @Flag(
            name: .customLong("no-escalations"),
            help: "Do not look for one hop of escalation (sts:AssumeRole, Image Builder's instance-profile path).")
        var noEscalations = false

        @Flag(name: .shortAndLong, help: "Text format: also say why each denied or undetermined cell is.")
        var verbose = false

        @OptionGroup(title: "AWS") var aws: AWSOptions

        @OptionGroup(title: "Organization") var organization: OrganizationOptions

        func validate() throws {
            if sql != nil && sqlFile != nil { throw ValidationError("give --sql or --sql-file, not both") }
            if fromAccount && !authorizationDetails.isEmpty {
                throw ValidationError("give --authorization-details or --from-account, not both")
            }
            if !fromAccount && authorizationDetails.isEmpty {
                throw ValidationError(
                    "audit needs the accounts' users and roles: --authorization-details FILE or --from-account")
            }
            if !fromAccount && (aws.profile != nil || aws.endpointURL != nil || aws.debug) {
                throw ValidationError("--profile, --endpoint-url and --debug apply to --from-account")
            }
            if let threads, threads < 1 { throw ValidationError("--threads must be 1 or more") }
        }

        var options: AuditOptions {
            var options = AuditOptions()
            options.authorizationDetails = authorizationDetails
            options.scps = scps
            options.rcps = rcps
            options.resource = resource
            options.operations = operations
            options.sql = sql
            options.sqlFile = sqlFile
            options.variables = variables
            options.region = region
            options.context = context
            options.principalPatterns = principals
            options.catalogDirectory = catalog
            options.strict = strict
            options.threads = threads
            options.fromOrganization = organization.fromOrganization
            options.organizationProfile = organization.organizationProfile
            options.expectationsFile = expectations
            options.asOf = asOf
            options.escalations = !noEscalations
            return options
        }

        func run() throws {
            try requireServiceData()
            let code = try reportingErrors { try audit() }
            throw code
        }

        /// Audits, writes the report, and says how it ended.
        func audit() throws -> ExitCode {
            var progress: (@Sendable (Int, Int) -> Void)? = nil
            if Progress.isTerminal {
                progress = { done, total in Progress.status("auditing: \(done) of \(total) principals") }
            }
            let report: AuditReport
            if fromAccount {
                report = try AuditRunner.run(
                    options, aws: aws.access(region: region), status: Progress.status, progress: progress)
            } else {
                report = try AuditRunner.run(options, progress: progress)
            }
            Progress.clear()
            var output = StandardOutput()
            switch format {
            case .text: AuditReportText.write(report, style: .automatic, verbose: verbose) { output.write($0) }
            case .json: AuditReportJSON.write(report) { output.write($0) }
            case .markdown: AuditReportMarkdown.write(report) { output.write($0) }
            case .csv: AuditReportCSV.write(report) { output.write($0) }
            case .sarif: output.write(AuditReportSARIF.render(report, toolVersion: VersionInfo.version))
            case .html: AuditReportHTML.write(report) { output.write($0) }
            }
            output.flush()
            switch AuditConclusion(report) {
            case .complete: return Exit.success
            case .unresolvedPrincipals: return Exit.unresolvedPrincipals
            case .expectationUndetermined: return Exit.undetermined
            case .expectationBroken: return Exit.denied
            }
        }
    }
}

/// Standard output written in large pieces: a report of thousands of principals is rendered piece by piece.
struct StandardOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                Glibc.write(STDOUT_FILENO, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { break }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
