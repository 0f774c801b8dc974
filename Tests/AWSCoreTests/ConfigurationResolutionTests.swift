import AWSCore
import Testing

@Suite("Configuration: profile, region and endpoint resolution")
struct ConfigurationResolutionTests {
    static func home() -> FakeHome {
        var home = FakeHome()
        home.config("[default]\nregion = eu-north-1\n[profile dev]\nregion = ap-southeast-2\n")
        return home
    }

    @Test("profile: --profile beats AWS_PROFILE beats AWS_DEFAULT_PROFILE beats default")
    func profileSelection() throws {
        var home = Self.home()
        #expect(try home.configuration().profileName == "default")
        home.variables["AWS_DEFAULT_PROFILE"] = "legacy"
        #expect(try home.configuration().profileName == "legacy")
        home.variables["AWS_PROFILE"] = "dev"
        let fromEnvironment = try home.configuration()
        #expect(fromEnvironment.profileName == "dev")
        #expect(!fromEnvironment.profileIsExplicit)
        let explicit = try home.configuration(AWSCommandLineOptions(profile: "cli"))
        #expect(explicit.profileName == "cli")
        #expect(explicit.profileIsExplicit)
    }

    @Test("region: --region beats AWS_REGION beats AWS_DEFAULT_REGION beats the profile's region")
    func regionPrecedence() throws {
        var home = Self.home()
        home.variables["AWS_PROFILE"] = "dev"
        #expect(try home.configuration().region == "ap-southeast-2")
        home.variables["AWS_DEFAULT_REGION"] = "us-west-1"
        #expect(try home.configuration().region == "us-west-1")
        home.variables["AWS_REGION"] = "ca-central-1"
        #expect(try home.configuration().region == "ca-central-1")
        #expect(try home.configuration(AWSCommandLineOptions(region: "me-south-1")).region == "me-south-1")
    }

    @Test("region comes from the selected profile, and is nil when nothing sets it")
    func regionFromProfile() throws {
        var home = Self.home()
        #expect(try home.configuration().region == "eu-north-1")
        #expect(try home.configuration(AWSCommandLineOptions(profile: "dev")).region == "ap-southeast-2")
        home.config("")
        #expect(try home.configuration().region == nil)
    }

    @Test("default endpoints: global IAM and Organizations, regional STS and Cloud Control")
    func defaultEndpoints() throws {
        let configuration = try Self.home().configuration()
        #expect(try configuration.endpoint(for: .iam) == "https://iam.amazonaws.com")
        #expect(try configuration.endpoint(for: .sts) == "https://sts.eu-north-1.amazonaws.com")
        #expect(try configuration.endpoint(for: .cloudControl) == "https://cloudcontrolapi.eu-north-1.amazonaws.com")
        #expect(configuration.signingRegion(for: .iam) == "us-east-1")
        #expect(configuration.signingRegion(for: .sts) == "eu-north-1")
        // Organizations' endpoint rules (botocore): the `aws` partition's global endpoint, signed for us-east-1
        // whatever the configured region.
        #expect(try configuration.endpoint(for: .organizations) == "https://organizations.us-east-1.amazonaws.com")
        #expect(configuration.signingRegion(for: .organizations) == "us-east-1")
        let noRegion = try FakeHome().configuration()
        #expect(try noRegion.endpoint(for: .organizations) == "https://organizations.us-east-1.amazonaws.com")
    }

    @Test("without a region STS is global and Cloud Control is an error naming the profile")
    func noRegion() throws {
        let configuration = try FakeHome().configuration()
        #expect(try configuration.endpoint(for: .sts) == "https://sts.amazonaws.com")
        #expect(configuration.signingRegion(for: .sts) == "us-east-1")
        let error = #expect(throws: ConfigurationError.self) { try configuration.endpoint(for: .cloudControl) }
        #expect(
            error?.description
                == "no region is set for cloudcontrolapi (use --region, AWS_REGION or 'region' in profile 'default')")
    }

    @Test("endpoint: --endpoint-url beats AWS_ENDPOINT_URL_<SERVICE> beats AWS_ENDPOINT_URL beats the default")
    func endpointPrecedence() throws {
        var home = Self.home()
        home.variables["AWS_ENDPOINT_URL"] = "http://global:5000"
        var configuration = try home.configuration()
        for service in AWSService.allCases {
            #expect(try configuration.endpoint(for: service) == "http://global:5000")
        }
        home.variables["AWS_ENDPOINT_URL_IAM"] = "http://iam:1"
        home.variables["AWS_ENDPOINT_URL_STS"] = "http://sts:2"
        home.variables["AWS_ENDPOINT_URL_CLOUDCONTROL"] = "http://cc:3"
        home.variables["AWS_ENDPOINT_URL_ORGANIZATIONS"] = "http://org:4"
        configuration = try home.configuration()
        #expect(try configuration.endpoint(for: .iam) == "http://iam:1")
        #expect(try configuration.endpoint(for: .sts) == "http://sts:2")
        #expect(try configuration.endpoint(for: .cloudControl) == "http://cc:3")
        #expect(try configuration.endpoint(for: .organizations) == "http://org:4")
        configuration = try home.configuration(AWSCommandLineOptions(endpointURL: "http://cli:9"))
        for service in AWSService.allCases {
            #expect(try configuration.endpoint(for: service) == "http://cli:9")
        }
    }

    @Test("a statement's region picks Cloud Control's default endpoint; the overrides still come first")
    func endpointForRegion() throws {
        var home = Self.home()
        var configuration = try home.configuration()
        #expect(
            try configuration.endpoint(for: .cloudControl, region: "ap-south-1")
                == "https://cloudcontrolapi.ap-south-1.amazonaws.com")
        #expect(
            try configuration.endpoint(for: .cloudControl, region: nil)
                == "https://cloudcontrolapi.eu-north-1.amazonaws.com")
        #expect(
            try FakeHome().configuration().endpoint(for: .cloudControl, region: "us-east-2")
                == "https://cloudcontrolapi.us-east-2.amazonaws.com")
        home.variables["AWS_ENDPOINT_URL"] = "http://global:5000"
        configuration = try home.configuration()
        #expect(try configuration.endpoint(for: .cloudControl, region: "ap-south-1") == "http://global:5000")
        home.variables["AWS_ENDPOINT_URL_CLOUDCONTROL"] = "http://cc:3"
        configuration = try home.configuration()
        #expect(try configuration.endpoint(for: .cloudControl, region: "ap-south-1") == "http://cc:3")
        configuration = try home.configuration(AWSCommandLineOptions(endpointURL: "http://cli:9"))
        #expect(try configuration.endpoint(for: .cloudControl, region: "ap-south-1") == "http://cli:9")
    }

    @Test("empty variables and options count as unset")
    func emptyValues() throws {
        var home = Self.home()
        home.variables["AWS_REGION"] = ""
        home.variables["AWS_PROFILE"] = ""
        home.variables["AWS_ENDPOINT_URL"] = ""
        let configuration = try home.configuration(AWSCommandLineOptions(profile: "", region: "", endpointURL: ""))
        #expect(configuration.profileName == "default")
        #expect(!configuration.profileIsExplicit)
        #expect(configuration.region == "eu-north-1")
        #expect(try configuration.endpoint(for: .iam) == "https://iam.amazonaws.com")
    }

    @Test("a malformed file stops resolution with its error")
    func malformedStops() throws {
        var home = FakeHome()
        home.config("[default\n")
        #expect(throws: ConfigurationError.self) { try home.configuration() }
    }
}
