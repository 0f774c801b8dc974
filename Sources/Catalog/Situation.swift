/// The situation a situational request is made in, which the check cannot see (`Necessity.situational`); if denied,
/// the operation is undetermined rather than denied. `ReportSentences.situation` says it.
public enum Situation: Sendable, Hashable {
    /// The handler lists a role permission, but the resource names no role: whether and on which role it is called is
    /// not documented.
    case undocumentedRole
    /// `iam:CreateServiceLinkedRole`: only while the service-linked role `role` does not exist yet.
    case serviceLinkedRoleMissing(role: String)
    /// The create handler untags only when it rolls back.
    case untagsOnRollback
    /// An update's untag call: only if the patch removes tags.
    case patchRemovesTags
    /// An update's untag call when the patch replaces the tags: only if the image has tags the patch drops.
    case patchDropsTags
}
