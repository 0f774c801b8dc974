import ArgumentParser
import IAMGateKit

/// Output formats of `iamgate check`.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case markdown
    case junit
    case sarif
}

extension IAMGate {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report, per operation on a StackQL resource, whether a principal may perform it and why.",
            discussion: """
                Checks get_resource, list_resources, create_resource, update_resource and delete_resource on \
                awscc.imagebuilder.images (or the operations a SQL statement runs) against the principal's \
                policies: offline from policy files, --from-account (policies fetched from IAM, evaluated \
                locally; with --from-organization, also the SCPs and RCPs of the principal's account, read from \
                AWS Organizations), --live (AWS's policy simulator decides) or --compare (both; exit 4 when they \
                disagree). With --manifest, checks every statement a stackql-deploy build (or --teardown) of \
                the project would run, each reported with its file and line. Exit 0 all allowed, 1 AWS or \
                credential failure, 2 any denied, 3 otherwise undetermined, 4 disagreement, 64 bad input.
                """
        )

        @OptionGroup var policies: PolicyInputOptions

        @OptionGroup var operation: OperationOptions

        @OptionGroup var project: ManifestOptions

        @OptionGroup var decisions: DecisionModeOptions

        @OptionGroup(title: "Organization") var organization: OrganizationOptions

        @OptionGroup(title: "AWS") var aws: AWSOptions

        @Flag(help: "Treat absent context keys as absent instead of unknown (no undetermined verdicts).")
        var strict = false

        @Option(help: "Output format.")
        var format: CheckFormat = .text

        @Flag(name: .shortAndLong, help: "Text format: also list allowed and unneeded requests.")
        var verbose = false

        @Option(
            name: .customLong("save-plan"),
            help: "Also write the statements, their calls, verdicts and input digests to this file (for exec --plan).")
        var savePlan: String?

        var mode: CheckMode { decisions.mode }

        func validate() throws {
            try decisions.validate(principal: policies.principal, aws: aws)
            try project.validate(operation: operation)
        }

        func run() throws {
            try requireServiceData()
            var options = policies.checkOptions(operation: operation, strict: strict)
            project.apply(to: &options)
            organization.apply(to: &options)
            let code = try reportingErrors {
                let report = try CheckRunner.run(
                    options, mode: mode, aws: aws.access(region: operation.region), status: Progress.status,
                    savePlan: savePlan)
                Progress.clear()
                switch format {
                case .text: print(CheckReportText.render(report, style: .automatic, verbose: verbose), terminator: "")
                case .json: print(report.json.rendered())
                case .markdown: print(MarkdownReport.render(report), terminator: "")
                case .junit: print(JUnitReport.render(report), terminator: "")
                case .sarif: print(SARIFReport.render(report))
                }
                if !report.disagreements.isEmpty { return Exit.disagreement }
                switch report.overall {
                case .allowed: return Exit.success
                case .denied: return Exit.denied
                case .undetermined: return Exit.undetermined
                }
            }
            throw code
        }
    }
}
