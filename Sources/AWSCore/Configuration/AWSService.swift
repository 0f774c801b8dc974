/// The AWS services iamgate calls, with what their endpoints need.
public enum AWSService: String, Sendable, Hashable, CaseIterable {
    case iam
    case sts
    case cloudControl
    case organizations

    /// The suffix of this service's `AWS_ENDPOINT_URL_<ID>` variable.
    public var endpointVariableSuffix: String {
        switch self {
        case .iam: return "IAM"
        case .sts: return "STS"
        case .cloudControl: return "CLOUDCONTROL"
        case .organizations: return "ORGANIZATIONS"
        }
    }

    /// The SigV4 signing name.
    public var signingName: String {
        switch self {
        case .iam: return "iam"
        case .sts: return "sts"
        case .cloudControl: return "cloudcontrolapi"
        case .organizations: return "organizations"
        }
    }

    /// The default endpoint: IAM is global, STS is regional (global `sts.amazonaws.com` without a region), Cloud
    /// Control is regional, and Organizations is global, answered in `us-east-1` (botocore's endpoint rules for the
    /// `aws` partition). `nil` when the service needs a region and none is set.
    public func defaultEndpoint(region: String?) -> String? {
        switch self {
        case .iam: return "https://iam.amazonaws.com"
        case .sts: return region.map { "https://sts.\($0).amazonaws.com" } ?? "https://sts.amazonaws.com"
        case .cloudControl: return region.map { "https://cloudcontrolapi.\($0).amazonaws.com" }
        case .organizations: return "https://organizations.us-east-1.amazonaws.com"
        }
    }
}
