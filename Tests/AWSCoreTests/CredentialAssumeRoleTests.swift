import AWSCore
import Foundation
import Testing

@Suite("Credential providers: assume role and web identity")
struct CredentialAssumeRoleTests {
    static let sourceKeys =
        "aws_access_key_id = \(CredentialSecrets.keyId)\naws_secret_access_key = \(CredentialSecrets.secret)\n"

    static func stsTransport(_ body: String = STSResponses.assumeRole(), status: Int = 200) -> FakeTransport {
        FakeTransport { _ in FakeTransport.ok(body, status: status) }
    }

    @Test("role_arn + source_profile: a signed STS AssumeRole POST with the profile's parameters")
    func assumeRoleRequest() throws {
        var home = FakeHome()
        home.credentials("[base]\n" + Self.sourceKeys)
        home.config(
            """
            [profile build]
            role_arn = arn:aws:iam::123456789012:role/Builder
            source_profile = base
            role_session_name = ci-run
            external_id = ext-42
            duration_seconds = 1800
            region = us-west-2
            """)
        let transport = Self.stsTransport()
        let clock = ManualClock()
        let context = try home.context(
            AWSCommandLineOptions(profile: "build"), transport: transport, clock: clock.source)
        let credentials = try #require(
            try AssumeRoleCredentialProvider(profileName: "build", context: context).credentials())
        #expect(credentials.accessKeyId == CredentialSecrets.assumedKeyId)
        #expect(credentials.secretAccessKey == CredentialSecrets.assumedSecret)
        #expect(credentials.sessionToken == CredentialSecrets.assumedToken)
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_800_000_000))
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url?.absoluteString == "https://sts.us-west-2.amazonaws.com/")
        #expect(
            request.formFields == [
                "Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": "arn:aws:iam::123456789012:role/Builder",
                "RoleSessionName": "ci-run", "ExternalId": "ext-42", "DurationSeconds": "1800",
            ])
        let authorization = try #require(request.headerValue(named: "Authorization"))
        #expect(
            authorization.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=\(CredentialSecrets.keyId)/20270115/us-west-2/sts/aws4_request"))
        #expect(request.headerValue(named: "X-Amz-Date") == "20270115T080000Z")
        #expect(request.headerValue(named: "Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
    }

    @Test("a profile with role_arn but no source is an error naming profile and file")
    func missingSource() throws {
        var home = FakeHome()
        home.config("[profile ci]\nrole_arn = arn:aws:iam::1:role/R\n")
        let context = try home.context(AWSCommandLineOptions(profile: "ci"))
        let error = #expect(throws: CredentialError.self) {
            try AssumeRoleCredentialProvider(profileName: "ci", context: context).credentials()
        }
        #expect(
            error?.description
                == "profile 'ci' in ~/.aws/config: role_arn is set but neither source_profile nor credential_source")
    }

    @Test(
        "invalid assume-role settings are errors naming the profile",
        arguments: [
            (
                "source_profile = a\ncredential_source = Environment\n",
                "profile 'ci' in ~/.aws/config: both source_profile and credential_source are set"
            ),
            (
                "credential_source = Laptop\n",
                "profile 'ci' in ~/.aws/config: credential_source 'Laptop' is not Environment, Ec2InstanceMetadata or EcsContainer"
            ),
            (
                "credential_source = Environment\n",
                "profile 'ci' in ~/.aws/config: credential_source Environment provided no credentials"
            ),
            (
                "credential_source = Environment\nduration_seconds = hour\n",
                "profile 'ci' in ~/.aws/config: duration_seconds 'hour' is not a positive number"
            ),
            ("source_profile = nowhere\n", "profile 'nowhere' is not in ~/.aws/config or ~/.aws/credentials"),
            (
                "source_profile = empty\n",
                "profile 'empty' in ~/.aws/config: it is the source_profile of 'ci' but has no credentials"
            ),
            (
                "source_profile = ci\n",
                "source_profile settings form a cycle: ci -> ci"
            ),
        ])
    func invalidSettings(settings: String, message: String) throws {
        var home = FakeHome()
        home.config("[profile ci]\nrole_arn = arn:aws:iam::1:role/R\n\(settings)[profile empty]\nregion = x\n")
        let transport = Self.stsTransport()
        let context = try home.context(AWSCommandLineOptions(profile: "ci"), transport: transport)
        let error = #expect(throws: CredentialError.self) {
            try AssumeRoleCredentialProvider(profileName: "ci", context: context).credentials()
        }
        #expect(error?.description == message)
        #expect(transport.requests.isEmpty)
    }

    @Test("source_profile chains are followed and cycles detected")
    func chainsAndCycles() throws {
        var home = FakeHome()
        home.credentials("[base]\n" + Self.sourceKeys)
        home.config(
            """
            [profile a]
            role_arn = arn:aws:iam::1:role/A
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::1:role/B
            source_profile = base
            [profile x]
            role_arn = arn:aws:iam::1:role/X
            source_profile = y
            [profile y]
            role_arn = arn:aws:iam::1:role/Y
            source_profile = x
            """)
        let transport = Self.stsTransport()
        let context = try home.context(transport: transport)
        _ = try AssumeRoleCredentialProvider(profileName: "a", context: context).credentials()
        #expect(
            transport.requests.map { $0.formFields["RoleArn"] } == ["arn:aws:iam::1:role/B", "arn:aws:iam::1:role/A"])
        // The second hop is signed with the first hop's (assumed) credentials.
        #expect(
            transport.requests[1].headerValue(named: "Authorization")?.contains(CredentialSecrets.assumedKeyId) == true)
        #expect(transport.requests[1].headerValue(named: "X-Amz-Security-Token") == CredentialSecrets.assumedToken)
        let error = #expect(throws: CredentialError.self) {
            try AssumeRoleCredentialProvider(profileName: "x", context: context).credentials()
        }
        #expect(error?.description == "source_profile settings form a cycle: x -> y -> x")
    }

    /// Issue 14: a config file of 20,000 profiles, each the source_profile of the one before, overflowed the stack.
    @Test("a source_profile chain longer than 16 roles is one sentence, before any call")
    func longChains() throws {
        var home = FakeHome()
        home.credentials("[p17]\n" + Self.sourceKeys)
        home.config(
            (0..<20_000).map {
                "[profile p\($0)]\nrole_arn = arn:aws:iam::1:role/R\($0)\nsource_profile = p\($0 + 1)\n"
            }
            .joined())
        let transport = Self.stsTransport()
        let context = try home.context(transport: transport)
        let error = #expect(throws: CredentialError.self) {
            try AssumeRoleCredentialProvider(profileName: "p0", context: context).credentials()
        }
        #expect(error?.description.hasSuffix("its source_profile chain assumes more than 16 roles") == true)
        #expect(transport.requests.isEmpty)
        // Sixteen roles, the most allowed: p1 assumes through p2 … p16, whose source p17 holds the keys.
        _ = try AssumeRoleCredentialProvider(profileName: "p1", context: context).credentials()
        #expect(transport.requests.count == 16)
    }

    @Test("a profile may be its own source_profile when it holds static keys")
    func selfSource() throws {
        var home = FakeHome()
        home.credentials("[me]\n" + Self.sourceKeys)
        home.config("[profile me]\nrole_arn = arn:aws:iam::1:role/Me\nsource_profile = me\n")
        let transport = Self.stsTransport()
        let context = try home.context(transport: transport)
        let credentials = try AssumeRoleCredentialProvider(profileName: "me", context: context).credentials()
        #expect(credentials?.accessKeyId == CredentialSecrets.assumedKeyId)
        #expect(
            transport.requests.first?.headerValue(named: "Authorization")?.contains(CredentialSecrets.keyId) == true)
    }

    @Test("credential_source = Environment signs with the environment keys; a session name is generated")
    func credentialSourceEnvironment() throws {
        var home = FakeHome()
        home.variables["AWS_ACCESS_KEY_ID"] = "AKIDENVIRONMENT01"
        home.variables["AWS_SECRET_ACCESS_KEY"] = "envsecret"
        home.config("[profile env]\nrole_arn = arn:aws:iam::1:role/E\ncredential_source = Environment\n")
        let transport = Self.stsTransport()
        let clock = ManualClock()
        let context = try home.context(transport: transport, clock: clock.source)
        _ = try AssumeRoleCredentialProvider(profileName: "env", context: context).credentials()
        let request = try #require(transport.requests.first)
        #expect(request.headerValue(named: "Authorization")?.contains("AKIDENVIRONMENT01") == true)
        #expect(request.formFields["RoleSessionName"] == "iamgate-session-1800000000")
        #expect(request.formFields["DurationSeconds"] == nil)
        #expect(request.url?.absoluteString == "https://sts.amazonaws.com/")
    }

    @Test("credential_source = Ec2InstanceMetadata and EcsContainer use those providers")
    func credentialSourceMetadata() throws {
        var home = FakeHome()
        home.variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/creds"
        home.config(
            "[profile ecs]\nrole_arn = arn:aws:iam::1:role/E\ncredential_source = EcsContainer\n"
                + "[profile ec2]\nrole_arn = arn:aws:iam::1:role/I\ncredential_source = Ec2InstanceMetadata\n")
        let transport = FakeTransport { request in
            switch request.path {
            case "/v2/creds":
                return FakeTransport.ok(#"{"AccessKeyId":"AKIDCONTAINER01","SecretAccessKey":"c","Token":"t"}"#)
            case "/latest/api/token": return FakeTransport.ok("imds-token")
            case "/latest/meta-data/iam/security-credentials/": return FakeTransport.ok("InstanceRole")
            case "/latest/meta-data/iam/security-credentials/InstanceRole":
                return FakeTransport.ok(
                    #"{"Code":"Success","AccessKeyId":"AKIDINSTANCE001","SecretAccessKey":"i","Token":"t"}"#)
            default: return FakeTransport.ok(STSResponses.assumeRole())
            }
        }
        let context = try home.context(transport: transport)
        _ = try AssumeRoleCredentialProvider(profileName: "ecs", context: context).credentials()
        _ = try AssumeRoleCredentialProvider(profileName: "ec2", context: context).credentials()
        let signers = transport.requests.filter { $0.method == "POST" }.compactMap {
            $0.headerValue(named: "Authorization")
        }
        #expect(signers.count == 2)
        #expect(signers.first?.contains("AKIDCONTAINER01") == true)
        #expect(signers.last?.contains("AKIDINSTANCE001") == true)
    }

    @Test("an STS error is one sentence with the code and no secrets")
    func stsError() throws {
        var home = FakeHome()
        home.credentials("[base]\n" + Self.sourceKeys)
        home.config("[profile r]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n")
        let context = try home.context(transport: Self.stsTransport(STSResponses.accessDenied, status: 403))
        let error = #expect(throws: CredentialError.self) {
            try AssumeRoleCredentialProvider(profileName: "r", context: context).credentials()
        }
        let text = error?.description ?? ""
        #expect(
            text
                == "assume role (profile 'r'): sts AssumeRole for arn:aws:iam::1:role/R failed: aws error AccessDenied "
                + "(http 403, request id req-2): User is not authorized to perform: sts:AssumeRole")
        #expect(CredentialSecrets.absent(from: text))
        let unreachable = try home.context(transport: FakeTransport())
        let transportError = #expect(throws: CredentialError.self) {
            try AssumeRoleCredentialProvider(profileName: "r", context: unreachable).credentials()
        }
        #expect(transportError?.description.hasSuffix("failed: connection to sts.amazonaws.com refused") == true)
    }

    @Test("STS answers without credentials are errors")
    func stsIncomplete() throws {
        var home = FakeHome()
        home.credentials("[base]\n" + Self.sourceKeys)
        home.config("[profile r]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n")
        let context = try home.context(transport: Self.stsTransport("<AssumeRoleResponse/>"))
        let error = #expect(throws: CredentialError.self) {
            try AssumeRoleCredentialProvider(profileName: "r", context: context).credentials()
        }
        #expect(
            error?.description
                == "assume role (profile 'r'): sts AssumeRole for arn:aws:iam::1:role/R answered without AssumeRoleResult/Credentials"
        )
    }

    @Test("assumed credentials are cached until five minutes before expiry")
    func caching() throws {
        var home = FakeHome()
        home.credentials("[base]\n" + Self.sourceKeys)
        home.config("[profile r]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n")
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let expiry = Date(timeIntervalSince1970: 1_800_003_600).ISO8601Format()
        let transport = Self.stsTransport(STSResponses.assumeRole(expiration: expiry))
        let provider = AssumeRoleCredentialProvider(
            profileName: "r", context: try home.context(transport: transport, clock: clock.source))
        _ = try provider.credentials()
        _ = try provider.credentials()
        #expect(transport.requests.count == 1)
        clock.advance(3600 - 301)
        _ = try provider.credentials()
        #expect(transport.requests.count == 1)
        clock.advance(1)
        _ = try provider.credentials()
        #expect(transport.requests.count == 2)
    }

    @Test("profiles without role_arn, or with a web identity token file, are not assume-role profiles")
    func notConfigured() throws {
        var home = FakeHome()
        home.config(
            "[profile plain]\nregion = x\n[profile web]\nrole_arn = arn:aws:iam::1:role/W\nweb_identity_token_file = /t\n"
        )
        let context = try home.context()
        #expect(try AssumeRoleCredentialProvider(profileName: "plain", context: context).credentials() == nil)
        #expect(try AssumeRoleCredentialProvider(profileName: "web", context: context).credentials() == nil)
        #expect(try AssumeRoleCredentialProvider(profileName: "absent", context: context).credentials() == nil)
    }

    @Test("web identity from the environment: unsigned AssumeRoleWithWebIdentity with the token file's contents")
    func webIdentityEnvironment() throws {
        var home = FakeHome()
        home.files["/var/run/token"] = CredentialSecrets.webToken + "\n"
        home.variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/var/run/token"
        home.variables["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/Web"
        home.variables["AWS_ROLE_SESSION_NAME"] = "gha"
        home.variables["AWS_REGION"] = "eu-central-1"
        let transport = Self.stsTransport(STSResponses.assumeRole(operation: "AssumeRoleWithWebIdentity"))
        let context = try home.context(transport: transport)
        let credentials = try WebIdentityCredentialProvider(profileName: "default", context: context).credentials()
        #expect(credentials?.accessKeyId == CredentialSecrets.assumedKeyId)
        let request = try #require(transport.requests.first)
        #expect(request.headerValue(named: "Authorization") == nil)
        #expect(request.url?.absoluteString == "https://sts.eu-central-1.amazonaws.com/")
        #expect(
            request.formFields == [
                "Action": "AssumeRoleWithWebIdentity", "Version": "2011-06-15", "RoleArn": "arn:aws:iam::1:role/Web",
                "RoleSessionName": "gha", "WebIdentityToken": CredentialSecrets.webToken,
            ])
    }

    @Test("web identity from a profile, and its failures")
    func webIdentityProfile() throws {
        var home = FakeHome()
        home.files["/home/tester/token"] = CredentialSecrets.webToken
        home.config(
            "[profile web]\nrole_arn = arn:aws:iam::1:role/W\nweb_identity_token_file = ~/token\n"
                + "[profile gone]\nrole_arn = arn:aws:iam::1:role/W\nweb_identity_token_file = ~/missing\n"
                + "[profile norole]\nweb_identity_token_file = ~/token\n")
        let transport = Self.stsTransport(STSResponses.assumeRole(operation: "AssumeRoleWithWebIdentity"))
        let context = try home.context(transport: transport)
        #expect(try WebIdentityCredentialProvider(profileName: "default", context: context).credentials() == nil)
        #expect(try WebIdentityCredentialProvider(profileName: "web", context: context).credentials() != nil)
        #expect(transport.requests.first?.formFields["RoleSessionName"]?.hasPrefix("iamgate-session-") == true)
        let missing = #expect(throws: CredentialError.self) {
            try WebIdentityCredentialProvider(profileName: "gone", context: context).credentials()
        }
        #expect(missing?.description == "web identity: token file ~/missing could not be read")
        let noRole = #expect(throws: CredentialError.self) {
            try WebIdentityCredentialProvider(profileName: "norole", context: context).credentials()
        }
        #expect(noRole?.description == "web identity: a web identity token file is set but no role arn")
        let rejecting = try home.context(transport: Self.stsTransport(STSResponses.accessDenied, status: 400))
        let rejected = #expect(throws: CredentialError.self) {
            try WebIdentityCredentialProvider(profileName: "web", context: rejecting).credentials()
        }
        #expect(rejected?.description.hasPrefix("web identity: sts AssumeRoleWithWebIdentity for") == true)
        #expect(CredentialSecrets.absent(from: rejected?.description ?? ""))
    }
}
