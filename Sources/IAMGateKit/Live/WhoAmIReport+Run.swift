import AWSCore
import AWSServices

extension WhoAmIReport {
    /// Resolves the session's caller and describes it.
    public static func run(_ options: AWSAccessOptions) throws(RuntimeError) -> WhoAmIReport {
        let session = try AWSSession(options)
        let caller = try Caller.resolve(session: session)
        let configuration = session.configuration
        return WhoAmIReport(
            account: caller.identity.account, arn: caller.identity.arn, userId: caller.identity.userId,
            principal: caller.principalARN, note: caller.note, credentialSource: session.credentials.source,
            accessKey: AWSCredentials.redacted(accessKeyId: session.credentials.credentials.accessKeyId),
            temporary: session.credentials.credentials.sessionToken != nil, profile: configuration.profileName,
            profileIsExplicit: configuration.profileIsExplicit, region: configuration.region,
            stsEndpoint: (try? configuration.endpoint(for: .sts)) ?? "",
            iamEndpoint: (try? configuration.endpoint(for: .iam)) ?? "")
    }
}
