/// Kaohe's version: the one place it is written. `kaohe --version` prints it, and
/// scripts/package names the Debian package after it (kaohe_VERSION_amd64.deb).
enum KaoheVersion {
    static let current = "1.0.0"
}
