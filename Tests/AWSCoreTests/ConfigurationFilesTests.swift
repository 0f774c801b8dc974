import AWSCore
import Foundation
import Testing

@Suite("Configuration: shared config and credentials files")
struct ConfigurationFilesTests {
    @Test("config uses [default] and [profile NAME]; credentials uses bare names; other sections are not profiles")
    func sectionNaming() throws {
        var home = FakeHome()
        home.config(
            """
            [default]
            region = us-east-1
            [profile build]
            region = us-west-2
            [profile   spaced  ]
            region = eu-west-1
            [bare]
            region = ap-south-1
            [sso-session corp]
            sso_region = us-east-1
            [services local]
            iam =
              endpoint_url = http://localhost
            """)
        home.credentials(
            """
            [default]
            aws_access_key_id = AKIDDEFAULT
            [build]
            aws_access_key_id = AKIDBUILD
            """)
        let files = try AWSConfigFiles.load(from: home.environment)
        #expect(files.configProfiles["default"]?["region"] == "us-east-1")
        #expect(files.configProfiles["build"]?["region"] == "us-west-2")
        #expect(files.configProfiles["spaced"]?["region"] == "eu-west-1")
        #expect(files.configProfiles["bare"] == nil)
        #expect(files.configProfiles["corp"] == nil)
        #expect(files.configProfiles["local"] == nil)
        #expect(files.credentialsProfiles["build"]?["aws_access_key_id"] == "AKIDBUILD")
        #expect(files.profile("build") == ["region": "us-west-2", "aws_access_key_id": "AKIDBUILD"])
        #expect(files.profile("missing") == nil)
    }

    @Test("comments, blank lines, whitespace, CRLF, key case and ':' delimiters")
    func lexicalRules() throws {
        var home = FakeHome()
        home.config(
            "# leading comment\r\n; another\r\n\r\n  [default]  \r\n"
                + "  Region   =   us-east-2   ; inline comment\r\n"
                + "OUTPUT: json\r\n"
                + "role_arn = arn:aws:iam::123456789012:role/A#B\r\n"
                + "empty =\r\n")
        let profile = try #require(try AWSConfigFiles.load(from: home.environment).profile("default"))
        #expect(profile["region"] == "us-east-2")
        #expect(profile["output"] == "json")
        #expect(profile["role_arn"] == "arn:aws:iam::123456789012:role/A#B")
        #expect(profile["empty"] == "")
        #expect(profile["Region"] == nil)
    }

    @Test("indented lines under a key are nested settings and never become top-level keys")
    func nestedSections() throws {
        var home = FakeHome()
        home.config(
            """
            [default]
            s3 =
              max_concurrent_requests = 10
              region = should-not-leak
            \tsignature_version = s3v4
            region = us-east-1
            """)
        let profile = try #require(try AWSConfigFiles.load(from: home.environment).profile("default"))
        #expect(profile == ["s3": "", "region": "us-east-1"])
    }

    @Test("later values and repeated sections win; credentials file overrides config for the same key")
    func precedence() throws {
        var home = FakeHome()
        home.config("[profile a]\nregion = one\n[profile a]\nregion = two\noutput = text\n")
        home.credentials("[a]\noutput = json\n")
        let files = try AWSConfigFiles.load(from: home.environment)
        #expect(files.profile("a") == ["region": "two", "output": "json"])
        #expect(files.file(setting: "output", inProfile: "a") == "~/.aws/credentials")
        #expect(files.file(setting: "region", inProfile: "a") == "~/.aws/config")
    }

    @Test("AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move the files; ~ expands from HOME")
    func locations() throws {
        var home = FakeHome()
        home.config("[default]\nregion = ignored\n")
        home.files["/etc/aws/conf"] = "[default]\nregion = from-env-path\n"
        home.files["/home/tester/creds"] = "[default]\naws_access_key_id = AKIDX\n"
        home.variables["AWS_CONFIG_FILE"] = "/etc/aws/conf"
        home.variables["AWS_SHARED_CREDENTIALS_FILE"] = "~/creds"
        let files = try AWSConfigFiles.load(from: home.environment)
        #expect(files.profile("default")?["region"] == "from-env-path")
        #expect(files.profile("default")?["aws_access_key_id"] == "AKIDX")
        #expect(files.configFile == "/etc/aws/conf")
        #expect(files.credentialsFile == "~/creds")
    }

    @Test("missing files count as empty")
    func missingFiles() throws {
        let files = try AWSConfigFiles.load(from: FakeHome().environment)
        #expect(files.configProfiles.isEmpty && files.credentialsProfiles.isEmpty)
        #expect(files.configFile == "~/.aws/config")
    }

    @Test(
        "malformed files give one sentence naming the file and line, never quoting the line",
        arguments: [
            ("[default\nregion = x\n", "~/.aws/config line 1: section header has no closing ']'"),
            ("region = x\n", "~/.aws/config line 1: setting 'region' appears before any '[section]' header"),
            (
                "[default]\n# ok\naws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
                "~/.aws/config line 3: expected 'key = value', a '[section]' header or a comment"
            ),
            ("[]\n", "~/.aws/config line 1: section header has an empty name"),
            ("[default]\n= value\n", "~/.aws/config line 2: setting has an empty name"),
        ])
    func malformed(text: String, message: String) throws {
        var home = FakeHome()
        home.config(text)
        let error = #expect(throws: ConfigurationError.self) { try AWSConfigFiles.load(from: home.environment) }
        #expect(error?.description == message)
        #expect(CredentialSecrets.absent(from: error?.description ?? ""))
    }

    @Test("a malformed credentials file names that file")
    func malformedCredentials() throws {
        var home = FakeHome()
        home.credentials("[default]\nnot a setting\n")
        let error = #expect(throws: ConfigurationError.self) { try AWSConfigFiles.load(from: home.environment) }
        #expect(error?.file == "~/.aws/credentials")
        #expect(error?.line == 2)
    }

    @Test("real files on disk are read through the default environment reader")
    func realFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iamgate-config-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config")
        try "[profile disk]\nregion = sa-east-1\n".write(to: config, atomically: true, encoding: .utf8)
        let environment = Environment(variables: [
            "HOME": directory.path, "AWS_CONFIG_FILE": config.path,
            "AWS_SHARED_CREDENTIALS_FILE": directory.appendingPathComponent("none").path,
        ])
        let files = try AWSConfigFiles.load(from: environment)
        #expect(files.profile("disk")?["region"] == "sa-east-1")
        #expect(files.configFile == "~/config")
    }
}
