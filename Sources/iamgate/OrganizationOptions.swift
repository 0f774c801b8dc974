import ArgumentParser
import IAMGateKit

/// `check|audit --from-account --from-organization [--organization-profile NAME]`: add the organization's SCPs and
/// RCPs, read from AWS Organizations, to the local evaluation.
struct OrganizationOptions: ParsableArguments {
    @Flag(
        name: .customLong("from-organization"),
        help: "With --from-account: also read the SCPs and RCPs of the account from AWS Organizations.")
    var fromOrganization = false

    @Option(
        name: .customLong("organization-profile"),
        help: ArgumentHelp(
            "The AWS profile that reads the organization (its management account or a delegated administrator; "
                + "default: the caller's credentials).", valueName: "profile"))
    var organizationProfile: String?

    func apply(to options: inout CheckOptions) {
        options.fromOrganization = fromOrganization
        options.organizationProfile = organizationProfile
    }
}
