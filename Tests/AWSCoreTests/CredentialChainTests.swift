import AWSCore
import Foundation
import Testing

@Suite("Credential chain")
struct CredentialChainTests {
    static func keys(_ id: String) -> String {
        "aws_access_key_id = \(id)\naws_secret_access_key = \(CredentialSecrets.secret)\n"
    }

    static func chain(
        _ home: FakeHome, _ options: AWSCommandLineOptions = AWSCommandLineOptions(),
        transport: FakeTransport = FakeTransport(), runner: FakeCommandRunner = FakeCommandRunner()
    ) throws -> CredentialChain {
        CredentialChain.standard(context: try home.context(options, transport: transport, runner: runner))
    }

    @Test("environment keys come first, even when AWS_PROFILE is set")
    func environmentFirst() throws {
        var home = FakeHome()
        home.variables["AWS_ACCESS_KEY_ID"] = "AKIDENVIRONMENT01"
        home.variables["AWS_SECRET_ACCESS_KEY"] = "s"
        home.variables["AWS_PROFILE"] = "p"
        home.credentials("[p]\n" + Self.keys("AKIDPROFILEP0001"))
        let resolved = try Self.chain(home).resolve()
        #expect(resolved.source == "environment")
        #expect(resolved.credentials.accessKeyId == "AKIDENVIRONMENT01")
    }

    @Test("--profile skips environment keys")
    func explicitProfileSkipsEnvironment() throws {
        var home = FakeHome()
        home.variables["AWS_ACCESS_KEY_ID"] = "AKIDENVIRONMENT01"
        home.variables["AWS_SECRET_ACCESS_KEY"] = "s"
        home.credentials("[p]\n" + Self.keys("AKIDPROFILEP0001"))
        let resolved = try Self.chain(home, AWSCommandLineOptions(profile: "p")).resolve()
        #expect(resolved.source == "shared credentials file")
        #expect(resolved.credentials.accessKeyId == "AKIDPROFILEP0001")
    }

    @Test("assume role beats the profile's static keys; credentials file beats credential_process beats config keys")
    func profileOrder() throws {
        var home = FakeHome()
        home.credentials("[base]\n" + Self.keys("AKIDBASE00000001") + "[both]\n" + Self.keys("AKIDBOTH00000001"))
        home.config(
            "[profile both]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n"
                + "[profile proc]\ncredential_process = make-creds\n" + Self.keys("AKIDCONFIG000001")
                + "[profile cfg]\n" + Self.keys("AKIDCONFIG000002"))
        let transport = FakeTransport { _ in FakeTransport.ok(STSResponses.assumeRole()) }
        let runner = FakeCommandRunner(stdout: #"{"Version":1,"AccessKeyId":"AKIDPROCESS00001","SecretAccessKey":"x"}"#)
        let both = try Self.chain(home, AWSCommandLineOptions(profile: "both"), transport: transport).resolve()
        #expect(both.source == "assume role")
        #expect(both.credentials.accessKeyId == CredentialSecrets.assumedKeyId)
        let proc = try Self.chain(home, AWSCommandLineOptions(profile: "proc"), runner: runner).resolve()
        #expect(proc.source == "credential process")
        #expect(proc.credentials.accessKeyId == "AKIDPROCESS00001")
        let cfg = try Self.chain(home, AWSCommandLineOptions(profile: "cfg")).resolve()
        #expect(cfg.source == "config file")
        let base = try Self.chain(home, AWSCommandLineOptions(profile: "base")).resolve()
        #expect(base.source == "shared credentials file")
    }

    @Test("web identity comes before the shared credentials file; container before instance metadata")
    func laterOrder() throws {
        var home = FakeHome()
        home.files["/t"] = "token"
        home.variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/t"
        home.variables["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/W"
        home.credentials("[default]\n" + Self.keys("AKIDDEFAULT00001"))
        let sts = FakeTransport { _ in FakeTransport.ok(STSResponses.assumeRole(operation: "AssumeRoleWithWebIdentity"))
        }
        #expect(try Self.chain(home, transport: sts).resolve().source == "web identity")

        var container = FakeHome()
        container.variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/c"
        let metadata = FakeTransport { request in
            request.host == "169.254.170.2"
                ? FakeTransport.ok(#"{"AccessKeyId":"ASIACONTAINER0001","SecretAccessKey":"s","Token":"t"}"#)
                : FakeTransport.ok("", status: 500)
        }
        let resolved = try Self.chain(container, transport: metadata).resolve()
        #expect(resolved.source == "container credentials")
        #expect(metadata.requests.count == 1)
    }

    @Test("instance metadata is last, and nothing found lists every provider tried")
    func nothingFound() throws {
        let transport = FakeTransport()
        let error = #expect(throws: CredentialError.self) { try Self.chain(FakeHome(), transport: transport).resolve() }
        #expect(
            error?.description
                == "no credentials found (tried: environment, assume role, web identity, shared credentials file, "
                + "credential process, config file, container credentials, instance metadata)")
        #expect(transport.requests.map(\.path) == ["/latest/api/token"])
        let explicit = #expect(throws: CredentialError.self) {
            var home = FakeHome()
            home.config("[profile empty]\nregion = x\n")
            return try Self.chain(home, AWSCommandLineOptions(profile: "empty")).resolve()
        }
        #expect(explicit?.description.hasPrefix("no credentials found (tried: assume role,") == true)
    }

    @Test("a named profile that no file holds is an error, after environment keys")
    func missingProfile() throws {
        var home = FakeHome()
        home.variables["AWS_PROFILE"] = "ghost"
        let error = #expect(throws: CredentialError.self) { try Self.chain(home).resolve() }
        #expect(error?.description == "profile 'ghost' is not in ~/.aws/config or ~/.aws/credentials")
        home.variables["AWS_ACCESS_KEY_ID"] = "AKIDENVIRONMENT01"
        home.variables["AWS_SECRET_ACCESS_KEY"] = "s"
        #expect(try Self.chain(home).resolve().source == "environment")
    }

    @Test("a configured provider that fails stops the chain")
    func failureStops() throws {
        var home = FakeHome()
        home.config("[default]\nrole_arn = arn:aws:iam::1:role/R\n")
        home.credentials("[default]\n" + Self.keys("AKIDDEFAULT00001"))
        let error = #expect(throws: CredentialError.self) { try Self.chain(home).resolve() }
        #expect(
            error?.description
                == "profile 'default' in ~/.aws/config: role_arn is set but neither source_profile nor credential_source"
        )
    }

    @Test("the chain caches assumed-role credentials across resolutions")
    func chainCaches() throws {
        var home = FakeHome()
        home.credentials("[base]\n" + Self.keys("AKIDBASE00000001"))
        home.config("[default]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n")
        let transport = FakeTransport { _ in
            FakeTransport.ok(STSResponses.assumeRole(expiration: "2099-01-01T00:00:00Z"))
        }
        let chain = try Self.chain(home, transport: transport)
        _ = try chain.resolve()
        _ = try chain.resolve()
        #expect(transport.requests.count == 1)
    }

    @Test("resolved credentials and errors never print secrets")
    func noSecretsInDescriptions() throws {
        var home = FakeHome()
        home.variables["AWS_ACCESS_KEY_ID"] = CredentialSecrets.keyId
        home.variables["AWS_SECRET_ACCESS_KEY"] = CredentialSecrets.secret
        home.variables["AWS_SESSION_TOKEN"] = CredentialSecrets.token
        let resolved = try Self.chain(home).resolve()
        for text in [String(describing: resolved), String(reflecting: resolved), "\(resolved.credentials)"] {
            #expect(CredentialSecrets.absent(from: text), "\(text)")
        }
        var dumped = ""
        dump(resolved, to: &dumped)
        #expect(CredentialSecrets.absent(from: dumped))
    }
}
