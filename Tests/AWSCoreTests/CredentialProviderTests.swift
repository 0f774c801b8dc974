import AWSCore
import Foundation
import Testing

@Suite("Credential providers: environment, profile keys and credential_process")
struct CredentialProviderTests {
    @Test("environment keys, session token (or legacy AWS_SECURITY_TOKEN) and expiration")
    func environmentKeys() throws {
        var home = FakeHome()
        #expect(try EnvironmentCredentialProvider(environment: home.environment).credentials() == nil)
        home.variables["AWS_ACCESS_KEY_ID"] = CredentialSecrets.keyId
        home.variables["AWS_SECRET_ACCESS_KEY"] = CredentialSecrets.secret
        home.variables["AWS_SECURITY_TOKEN"] = "legacy"
        home.variables["AWS_CREDENTIAL_EXPIRATION"] = "2027-01-01T00:00:00Z"
        var credentials = try #require(try EnvironmentCredentialProvider(environment: home.environment).credentials())
        #expect(credentials.accessKeyId == CredentialSecrets.keyId)
        #expect(credentials.secretAccessKey == CredentialSecrets.secret)
        #expect(credentials.sessionToken == "legacy")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_798_761_600))
        home.variables["AWS_SESSION_TOKEN"] = CredentialSecrets.token
        credentials = try #require(try EnvironmentCredentialProvider(environment: home.environment).credentials())
        #expect(credentials.sessionToken == CredentialSecrets.token)
    }

    @Test(
        "half-set environment keys are an error that names the missing variable",
        arguments: [
            (
                ["AWS_ACCESS_KEY_ID": CredentialSecrets.keyId],
                "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
            ),
            (
                ["AWS_SECRET_ACCESS_KEY": CredentialSecrets.secret],
                "environment: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"
            ),
        ])
    func environmentPartial(variables: [String: String], message: String) {
        let error = #expect(throws: CredentialError.self) {
            try EnvironmentCredentialProvider(environment: Environment(variables: variables)).credentials()
        }
        #expect(error?.description == message)
        #expect(CredentialSecrets.absent(from: error?.description ?? ""))
    }

    @Test("profile keys come from the credentials file or, separately, the config file")
    func profileKeys() throws {
        var home = FakeHome()
        home.credentials(
            "[default]\naws_access_key_id = \(CredentialSecrets.keyId)\naws_secret_access_key = \(CredentialSecrets.secret)\n"
                + "aws_session_token = \(CredentialSecrets.token)\n")
        home.config("[profile cfg]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n")
        let files = try home.configuration().files
        let fromCredentials = try #require(
            try ProfileKeysCredentialProvider(profileName: "default", file: .credentials, files: files).credentials())
        #expect(fromCredentials.accessKeyId == CredentialSecrets.keyId)
        #expect(fromCredentials.sessionToken == CredentialSecrets.token)
        #expect(
            try ProfileKeysCredentialProvider(profileName: "default", file: .config, files: files).credentials() == nil)
        #expect(
            try ProfileKeysCredentialProvider(profileName: "cfg", file: .credentials, files: files).credentials() == nil
        )
        let fromConfig = try ProfileKeysCredentialProvider(profileName: "cfg", file: .config, files: files)
            .credentials()
        #expect(fromConfig?.accessKeyId == "AKIDCONFIG")
        #expect(ProfileKeysCredentialProvider(profileName: "cfg", file: .config, files: files).name == "config file")
    }

    @Test("a profile with only half its keys is an error naming profile and file")
    func profileKeysPartial() throws {
        var home = FakeHome()
        home.credentials("[ci]\naws_secret_access_key = \(CredentialSecrets.secret)\n")
        let files = try home.configuration().files
        let error = #expect(throws: CredentialError.self) {
            try ProfileKeysCredentialProvider(profileName: "ci", file: .credentials, files: files).credentials()
        }
        #expect(
            error?.description
                == "profile 'ci' in ~/.aws/credentials: aws_secret_access_key is set but aws_access_key_id is not")
    }

    static func processHome(_ command: String = "get-creds --account 1") -> FakeHome {
        var home = FakeHome()
        home.config("[profile proc]\ncredential_process = \(command)\n")
        return home
    }

    @Test("credential_process output is parsed: Version 1, keys, optional token and expiration")
    func processParsing() throws {
        let runner = FakeCommandRunner(
            stdout: """
                {"Version": 1, "AccessKeyId": "\(CredentialSecrets.keyId)", "SecretAccessKey": "\(CredentialSecrets.secret)",
                 "SessionToken": "\(CredentialSecrets.token)", "Expiration": "2026-11-26T16:49:59.123Z"}
                """)
        let context = try Self.processHome().context(AWSCommandLineOptions(profile: "proc"), runner: runner)
        let credentials = try #require(
            try ProcessCredentialProvider(profileName: "proc", context: context).credentials())
        #expect(runner.ran == ["get-creds --account 1"])
        #expect(credentials.accessKeyId == CredentialSecrets.keyId)
        #expect(credentials.sessionToken == CredentialSecrets.token)
        #expect(credentials.expiration != nil)
        #expect(try ProcessCredentialProvider(profileName: "other", context: context).credentials() == nil)
    }

    @Test(
        "credential_process failures are one sentence that never echoes the output",
        arguments: [
            (
                FakeCommandRunner(stdout: "", status: 3, stderr: "token expired\nsecond line"),
                "profile 'proc' in ~/.aws/config: credential_process exited with status 3 (token expired)"
            ),
            (
                FakeCommandRunner(stdout: "SECRET=\(CredentialSecrets.secret)"),
                "profile 'proc' in ~/.aws/config: credential_process did not print a json object"
            ),
            (
                FakeCommandRunner(
                    stdout:
                        "{\"Version\": 2, \"AccessKeyId\": \"\(CredentialSecrets.keyId)\", \"SecretAccessKey\": \"\(CredentialSecrets.secret)\"}"
                ),
                "profile 'proc' in ~/.aws/config: credential_process printed json without \"Version\": 1"
            ),
            (
                FakeCommandRunner(stdout: "{\"Version\": 1, \"AccessKeyId\": \"\(CredentialSecrets.keyId)\"}"),
                "profile 'proc' in ~/.aws/config: credential_process output has no SecretAccessKey"
            ),
            (
                FakeCommandRunner(
                    stdout:
                        "{\"Version\": 1, \"AccessKeyId\": \"\(CredentialSecrets.keyId)\", \"SecretAccessKey\": \"\(CredentialSecrets.secret)\", \"Expiration\": \"soon\"}"
                ),
                "profile 'proc' in ~/.aws/config: credential_process output has an Expiration that is not an ISO 8601 timestamp"
            ),
        ])
    func processFailures(runner: FakeCommandRunner, message: String) throws {
        let context = try Self.processHome().context(AWSCommandLineOptions(profile: "proc"), runner: runner)
        let error = #expect(throws: CredentialError.self) {
            try ProcessCredentialProvider(profileName: "proc", context: context).credentials()
        }
        #expect(error?.description == message)
        #expect(CredentialSecrets.absent(from: error?.description ?? ""))
    }

    @Test("the real runner uses /bin/sh -c with the given environment")
    func realShell() throws {
        let command =
            "printf '{\"Version\":1,\"AccessKeyId\":\"%s\",\"SecretAccessKey\":\"%s\"}' \"$KEY_ID\" secret && echo note >&2"
        var home = Self.processHome(command)
        home.variables["KEY_ID"] = "AKIDFROMSHELL"
        let context = try home.context(AWSCommandLineOptions(profile: "proc"), runner: ShellCommandRunner())
        let credentials = try ProcessCredentialProvider(profileName: "proc", context: context).credentials()
        #expect(credentials?.accessKeyId == "AKIDFROMSHELL")
        let failing = try Self.processHome("echo 'no such role' >&2; exit 7").context(
            AWSCommandLineOptions(profile: "proc"), runner: ShellCommandRunner())
        let error = #expect(throws: CredentialError.self) {
            try ProcessCredentialProvider(profileName: "proc", context: failing).credentials()
        }
        #expect(
            error?.description
                == "profile 'proc' in ~/.aws/config: credential_process exited with status 7 (no such role)")
    }
}
