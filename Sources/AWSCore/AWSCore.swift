/// AWSCore holds the AWS plumbing iamgate needs to ask AWS itself: HTTP over libcurl, SigV4 signing, credentials,
/// retries, XML and the query protocol (IAM, STS). It knows nothing of IAM policies; `AWSServices` builds the IAM
/// and Cloud Control clients on top of it.
public enum AWSCore {
    /// The user agent every request carries.
    public static let userAgent = "iamgate/0.1.0"
}
