import ArgumentParser
import IAMGateKit

/// Output formats of `iamgate exec`.
enum ExecFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

extension IAMGate {
    struct Exec: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check StackQL statements, then run them through AWS Cloud Control only if every one is allowed.",
            discussion: """
                Checks every statement exactly as 'iamgate check' does; if any is denied or undetermined, nothing \
                is sent. Otherwise runs them in file order through Cloud Control, each built from the statement \
                that was checked, and follows every create, update and delete to its final state. Exit 0 every \
                statement succeeded (--dry-run: all allowed), 1 AWS or the network failed (later statements not \
                sent), 2 a statement is denied, 3 undetermined, 4 --compare disagreement, 5 --timeout ran out \
                while a request was in progress, 64 bad input or a stale plan. With --manifest, runs a \
                stackql-deploy build (or --teardown) of the project as stackql-deploy does: every statement it could \
                run is checked first, then each exists check decides whether create or update (or delete) runs.
                """
        )

        @OptionGroup var policies: PolicyInputOptions

        @OptionGroup var operation: OperationOptions

        @OptionGroup var project: ManifestOptions

        @OptionGroup var decisions: DecisionModeOptions

        @OptionGroup(title: "AWS") var aws: AWSOptions

        @Flag(help: "Treat absent context keys as absent instead of unknown (no undetermined verdicts).")
        var strict = false

        @Option(help: "Run a plan saved by 'check --save-plan' (refused if any input changed); no other input flags.")
        var plan: String?

        @Flag(name: .customLong("dry-run"), help: "Check and print the Cloud Control requests; send nothing.")
        var dryRun = false

        @Option(name: .customLong("audit-log"), help: "Append intent and outcome records (JSON Lines) to this file.")
        var auditLog: String?

        @Option(help: "Seconds to follow each create, update or delete before giving up waiting (it goes on at AWS).")
        var timeout: Double = 3600

        @Option(help: "Output format.")
        var format: ExecFormat = .text

        func validate() throws {
            if !operation.operations.isEmpty {
                throw ValidationError("exec runs every statement it checks; drop --operation")
            }
            guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
            if plan != nil {
                let given =
                    policies.principal != nil || !policies.policies.isEmpty || policies.boundary != nil
                    || policies.sessionPolicy != nil || policies.resourcePolicy != nil || !policies.scps.isEmpty
                    || !policies.rcps.isEmpty || policies.endpointPolicy != nil
                    || policies.authorizationDetails != nil || !policies.context.isEmpty || operation.sql != nil
                    || operation.sqlFile != nil || !operation.variables.isEmpty || operation.region != nil
                    || operation.account != nil || operation.catalog != nil || strict
                    || decisions.mode != .offline || project.manifest != nil || project.environment != nil
                    || !project.externals.isEmpty || project.teardown
                if given {
                    throw ValidationError("--plan carries the check's inputs; give no other input or mode flag")
                }
                return
            }
            if [decisions.live, decisions.fromAccount, decisions.compare].filter({ $0 }).count > 1 {
                throw ValidationError("give one of --live, --from-account and --compare")
            }
            if policies.principal == nil && decisions.mode == .offline {
                throw ValidationError("--principal is required (or ask AWS: --live, --from-account, --compare)")
            }
            try project.validate(operation: operation)
            if operation.sql == nil && operation.sqlFile == nil && project.manifest == nil {
                throw ValidationError("exec runs SQL: give --sql, --sql-file or --manifest")
            }
        }

        func run() throws {
            try requireServiceData()
            var options = ExecOptions()
            options.check = policies.checkOptions(operation: operation, strict: strict)
            project.apply(to: &options.check)
            options.mode = decisions.mode
            options.plan = plan
            options.dryRun = dryRun
            options.auditLog = auditLog
            options.timeout = timeout
            let code = try reportingErrors {
                let report = try ExecRunner.run(
                    options, aws: aws.access(region: operation.region), status: Progress.status)
                Progress.clear()
                switch format {
                case .text: print(ExecReportText.render(report), terminator: "")
                case .json: print(ExecReportJSON.render(report).rendered())
                }
                switch report.ending {
                case .succeeded: return Exit.success
                case .failed: return Exit.runtimeFailure
                case .timedOut: return Exit.timedOut
                case .refused(.denied): return Exit.denied
                case .refused(.disagreement): return Exit.disagreement
                case .refused(.undetermined), .refused(.unknownValue): return Exit.undetermined
                }
            }
            throw code
        }
    }
}
