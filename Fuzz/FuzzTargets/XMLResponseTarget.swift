import AWSCore
import AWSServices
import IAMGateKit

/// XML answers of IAM and STS (the query protocol), as the live modes read them: the input is the body of every
/// answer. Sent with status 200, it is read as GetCallerIdentity, STS AssumeRole and AssumeRoleWithWebIdentity (in the
/// credential chain), SimulatePrincipalPolicy, GetAccountAuthorizationDetails (whose users and roles are then resolved
/// as `--from-account` resolves them) and GetRole answers; sent with 400 (and, for one input length in four, with 503,
/// retried with no real wait), as an AWS error response.
enum XMLResponseTarget {
    static func run(_ bytes: [UInt8]) {
        _ = try? XMLReader.parse(bytes)
        _ = AWSErrorResponse.query(HTTPResponse(status: 400, body: bytes)).description
        for status in FuzzInput.statuses(bytes) {
            let transport = ScriptedTransport(status: status, body: bytes)
            let clock = AdvancingClock()
            let signingClock = SigningClock(source: { clock.now })
            let iam = IAMClient(
                endpoint: ScriptedAWS.endpoint, region: "us-east-1", credentials: ScriptedAWS.credentials,
                transport: transport, clock: signingClock, sleeper: clock, random: FixedRandomSource(0.5))
            let sts = STSClient(
                endpoint: ScriptedAWS.endpoint, region: "us-east-1", credentials: ScriptedAWS.credentials,
                transport: transport, clock: signingClock, sleeper: clock, random: FixedRandomSource(0.5))
            describe { () throws(AWSServiceError) in "\(try sts.getCallerIdentity())" }
            assumeRole(transport, clock: clock)
            // An error status ends every call the same way; the answers' own shapes need a 200.
            guard status == 200 else { continue }
            describe { () throws(AWSServiceError) in
                let request = SimulatePrincipalPolicyRequest(
                    policySourceArn: "arn:aws:iam::111122223333:role/ci-deployer",
                    options: SimulationOptions(actionNames: ["imagebuilder:GetImage"]))
                let results = try iam.simulatePrincipalPolicy(request)
                return results.map { "\($0)" }.joined()
            }
            describe { () throws(AWSServiceError) in
                let details = try iam.getAccountAuthorizationDetails()
                resolvePrincipals(details)
                return "\(details)"
            }
            describe { () throws(AWSServiceError) in try iam.roleARN(name: "ci-deployer") }
        }
    }

    /// A profile that assumes a role with another profile's keys, and one that assumes a role with a web identity
    /// token: the answer is read as STS AssumeRole and AssumeRoleWithWebIdentity answers.
    static func assumeRole(_ transport: ScriptedTransport, clock: AdvancingClock) {
        let files = AWSConfigFiles(
            credentialsProfiles: ["base": ["aws_access_key_id": "AKIAFUZZBASE00000001", "aws_secret_access_key": "s"]],
            configProfiles: [
                "builder": ["role_arn": "arn:aws:iam::111122223333:role/Builder", "source_profile": "base"],
                "web": [
                    "role_arn": "arn:aws:iam::111122223333:role/Web", "web_identity_token_file": "/fuzz/token",
                ],
            ])
        let environment = Environment(variables: [:], readFile: { _ in Array("token".utf8) })
        for profile in ["builder", "web"] {
            let configuration = AWSConfiguration(
                profileName: profile, profileIsExplicit: true, region: "us-east-1", files: files, endpointURL: nil)
            let context = CredentialContext(
                configuration: configuration, environment: environment, transport: transport,
                commandRunner: ScriptedCommandRunner(output: []), clock: { clock.now })
            switch Result(catching: { () throws(CredentialError) in
                try CredentialChain.standard(context: context).resolve()
            }) {
            case .success(let resolved): _ = "\(resolved.credentials)"
            case .failure(let error): _ = error.description
            }
        }
    }

    /// Each user's and role's policies (the first four of each), resolved from the records as `--from-account` does.
    static func resolvePrincipals(_ details: AccountAuthorizationDetails) {
        let records = AuthorizationDetailsRecords(details)
        let arns =
            details.userDetailList.prefix(4).compactMap(\.arn) + details.roleDetailList.prefix(4).compactMap(\.arn)
        for arn in arns {
            guard let policies = try? AuthorizationDetailsLoader.resolve(records, principal: arn, source: "account")
            else { continue }
            _ = policies.policyLines
        }
    }

    /// The call's result or its error as the CLI would print it.
    static func describe(_ call: () throws(AWSServiceError) -> String) {
        switch Result(catching: call) {
        case .success(let text): _ = text
        case .failure(let error): _ = error.description
        }
    }
}
