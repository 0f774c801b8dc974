import ArgumentParser
import IAMGateKit

/// Output formats of `iamgate whoami`.
enum WhoAmIFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

extension IAMGate {
    struct WhoAmI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "whoami",
            abstract: "Show who the AWS credentials belong to, where they came from, and the principal iamgate checks.",
            discussion: """
                Resolves credentials as the AWS CLI does (environment, profiles, credential_process, assume role, \\
                web identity, container, instance metadata) and calls STS GetCallerIdentity. An assumed-role \\
                session maps to its role (with its path, from IAM GetRole when allowed). Exit 0, or 1 when no \\
                credentials are found or AWS refuses them.
                """
        )

        @Option(help: "The region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's).")
        var region: String?

        @OptionGroup(title: "AWS") var aws: AWSOptions

        @Option(help: "Output format.")
        var format: WhoAmIFormat = .text

        func run() throws {
            let code = try reportingErrors {
                let report = try WhoAmIReport.run(aws.access(region: region))
                switch format {
                case .text: print(WhoAmIText.render(report), terminator: "")
                case .json: print(WhoAmIJSON.render(report).rendered())
                }
                return Exit.success
            }
            throw code
        }
    }
}
