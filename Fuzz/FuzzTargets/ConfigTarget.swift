import AWSCore
import Foundation

/// The AWS config and credentials files (INI) as every live command reads them. The input is the config file, then
/// after a NUL byte the credentials file, then after another the answer every credential source gets (STS AssumeRole
/// and AssumeRoleWithWebIdentity, the container and instance metadata endpoints, `credential_process`); a missing
/// answer is a valid AssumeRole response. The configuration is resolved for the default profile and for each profile
/// the files name, and the AWS CLI's credential chain is walked for each, with nothing sent and no command run.
enum ConfigTarget {
    static let configPath = "/fuzz-home/.aws/config"
    static let credentialsPath = "/fuzz-home/.aws/credentials"
    static let assumeRoleResponse = Array(
        """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>
        <AccessKeyId>ASIAFUZZEXAMPLE00001</AccessKeyId><SecretAccessKey>fuzz-session-secret</SecretAccessKey>
        <SessionToken>fuzz-session-token</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>
        <AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/r/s</Arn><AssumedRoleId>AROAFUZZ:s</AssumedRoleId>
        </AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>
        """.utf8)

    static func run(_ bytes: [UInt8]) {
        let sections = FuzzInput.sections(bytes)
        let config = Array(sections[0])
        let credentials = sections.count > 1 ? Array(sections[1]) : []
        let answer = sections.count > 2 ? Array(sections[2]) : assumeRoleResponse
        let environment = Environment(
            variables: [
                "HOME": "/fuzz-home", "AWS_CONFIG_FILE": configPath, "AWS_SHARED_CREDENTIALS_FILE": credentialsPath,
            ],
            readFile: { path in
                switch path {
                case configPath: return config
                case credentialsPath: return credentials
                default: return Array("fuzz-web-identity-token".utf8)
                }
            })
        let resolver = ProfileResolver(environment: environment)
        guard let first = try? resolver.resolve() else { return }
        let names = Set(first.files.configProfiles.keys).union(first.files.credentialsProfiles.keys).sorted().prefix(4)
        for profile in [nil] + names.map(Optional.some) {
            guard let configuration = try? resolver.resolve(AWSCommandLineOptions(profile: profile)) else { continue }
            for service in AWSService.allCases {
                _ = try? configuration.endpoint(for: service)
                _ = configuration.signingRegion(for: service)
            }
            let clock = AdvancingClock()
            let context = CredentialContext(
                configuration: configuration, environment: environment,
                transport: ScriptedTransport(status: 200, body: answer),
                commandRunner: ScriptedCommandRunner(output: answer), clock: { clock.now })
            switch Result(catching: { () throws(CredentialError) in
                try CredentialChain.standard(context: context).resolve()
            }) {
            case .success(let resolved): _ = "\(resolved.credentials) \(resolved.source)"
            case .failure(let error): _ = error.description
            }
        }
    }
}
