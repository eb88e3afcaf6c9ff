import Foundation
import Testing

@testable import PrakatCore

@Suite("Mail settings (PRAKAT_SMTP_URL)")
struct MailSettingsTests {
    @Test func plainSMTPDefaultsToPort25AndOpportunisticSTARTTLS() throws {
        let settings = try MailSettings(url: "smtp://relay.agency.go.th?from=noreply@agency.go.th")
        #expect(settings.host == "relay.agency.go.th")
        #expect(settings.port == 25)
        #expect(settings.security == .startTLSIfOffered)
        #expect(settings.credentials == nil)
        #expect(settings.from.value == "noreply@agency.go.th")
        #expect(settings.timeout == 10)
        #expect(settings.helo == "agency.go.th")
        #expect(settings.verifiesCertificate)
        #expect(!settings.allowsPlainTextAuth)
    }

    @Test func starttlsModesAndTheirPorts() throws {
        #expect(try MailSettings(url: "smtp://m.example.com?starttls=required&from=a@example.com").security == .startTLSRequired)
        #expect(try MailSettings(url: "smtp://m.example.com?starttls=required&from=a@example.com").port == 587)
        #expect(try MailSettings(url: "smtp://m.example.com:2525?starttls=REQUIRED&from=a@example.com").port == 2525)
        #expect(try MailSettings(url: "smtp://m.example.com?starttls=never&from=a@example.com").security == .plain)
        #expect(try MailSettings(url: "smtp://m.example.com?starttls=auto&from=a@example.com").security == .startTLSIfOffered)
        let smtps = try MailSettings(url: "SMTPS://Mail.Example.com/?from=a@example.com")
        #expect(smtps.security == .implicitTLS)
        #expect(smtps.port == 465)
        #expect(smtps.host == "mail.example.com")
        #expect(throws: MailSettingsError.invalidOption(name: "starttls", value: "required")) {
            try MailSettings(url: "smtps://m.example.com?starttls=required&from=a@example.com")
        }
        #expect(throws: MailSettingsError.invalidOption(name: "starttls", value: "yes")) {
            try MailSettings(url: "smtp://m.example.com?starttls=yes&from=a@example.com")
        }
    }

    @Test func credentialsArePercentDecodedAndSplitAtTheLastAt() throws {
        let settings = try MailSettings(url: "smtps://user%40agency.go.th:p%3Ass%26w%3Frd@mail.agency.go.th:465?from=noreply@agency.go.th")
        #expect(settings.credentials?.user == "user@agency.go.th")
        #expect(settings.credentials?.password.value == "p:ss&w?rd")
        let raw = try MailSettings(url: "smtps://user:p@ss@mail.agency.go.th?from=noreply@agency.go.th")
        #expect(raw.credentials?.password.value == "p@ss")
        #expect(raw.host == "mail.agency.go.th")
    }

    @Test func theOtherOptions() throws {
        let settings = try MailSettings(
            url: "smtp://[::1]:2525?from=noreply%2Bprakat@agency.go.th&timeout=2.5&helo=web1.agency.go.th&tlsVerify=none&allowPlainAuth=true")
        #expect(settings.host == "::1")
        #expect(settings.port == 2525)
        #expect(settings.from.value == "noreply+prakat@agency.go.th")
        #expect(settings.timeout == 2.5)
        #expect(settings.helo == "web1.agency.go.th")
        #expect(!settings.verifiesCertificate)
        #expect(settings.allowsPlainTextAuth)
        #expect(try MailSettings(url: "smtp://127.0.0.1?from=a+b@example.com&helo=[127.0.0.1]").helo == "[127.0.0.1]")
    }

    @Test func anAgencyCertificateAuthorityMayBeTrusted() throws {
        let settings = try MailSettings(url: "smtp://mail.agency.go.th?starttls=required&tlsCA=/etc/prakat/agency%20ca.pem&from=a@agency.go.th")
        #expect(settings.trustedCertificatesFile == "/etc/prakat/agency ca.pem")
        #expect(settings.verifiesCertificate)
        #expect(settings.redacted.hasSuffix("&tlsCA=/etc/prakat/agency%20ca.pem"))
        #expect(try MailSettings(url: "smtp://m.example.com?from=a@example.com").trustedCertificatesFile == nil)
        #expect(throws: MailSettingsError.invalidOption(name: "tlsCA", value: "ca.pem")) {
            try MailSettings(url: "smtp://m.example.com?from=a@example.com&tlsCA=ca.pem")
        }
    }

    @Test func theSenderMayComeFromASeparateSetting() throws {
        #expect(try MailSettings(url: "smtp://m.example.com", from: "noreply@example.com").from.value == "noreply@example.com")
        // The URL's own from= wins.
        #expect(try MailSettings(url: "smtp://m.example.com?from=url@example.com", from: "env@example.com").from.value == "url@example.com")
        #expect(throws: MailSettingsError.missingFrom) { try MailSettings(url: "smtp://m.example.com") }
        #expect(throws: MailSettingsError.missingFrom) { try MailSettings(url: "smtp://m.example.com", from: "") }
        #expect(throws: MailSettingsError.invalidFrom(.notOneAt)) { try MailSettings(url: "smtp://m.example.com?from=nobody") }
    }

    @Test func mistakesAreRefusedWithAReason() {
        let cases: [(String, MailSettingsError)] = [
            ("", .empty), ("  \n", .empty),
            ("mail.example.com", .unsupportedScheme), ("http://mail.example.com?from=a@example.com", .unsupportedScheme),
            ("smtp://?from=a@example.com", .missingHost), ("smtp://:25?from=a@example.com", .missingHost),
            ("smtp://mail_server?from=a@example.com", .invalidHost), ("smtp://[::1?from=a@example.com", .invalidHost),
            ("smtp://mail.example.com/path?from=a@example.com", .unexpectedPath),
            ("smtp://mail.example.com:0?from=a@example.com", .invalidPort), ("smtp://mail.example.com:99999?from=a@example.com", .invalidPort),
            ("smtp://mail.example.com:http?from=a@example.com", .invalidPort),
            ("smtp://user@mail.example.com?from=a@example.com", .missingPassword), ("smtp://user:@mail.example.com?from=a@example.com", .missingPassword),
            ("smtp://:secret@mail.example.com?from=a@example.com", .missingUser),
            ("smtp://user:100%@mail.example.com?from=a@example.com", .invalidCredentialsEncoding),
            ("smtp://user:a%0Db@mail.example.com?from=a@example.com", .invalidCredentialsEncoding),
            ("smtp://mail.example.com?from=a@example.com&startls=required", .unknownOption("startls")),
            ("smtp://mail.example.com?from=a@example.com&from=b@example.com", .duplicateOption("from")),
            ("smtp://mail.example.com?from=a@example.com&timeout=0", .invalidOption(name: "timeout", value: "0")),
            ("smtp://mail.example.com?from=a@example.com&timeout=nan", .invalidOption(name: "timeout", value: "nan")),
            ("smtp://mail.example.com?from=a@example.com&timeout=301", .invalidOption(name: "timeout", value: "301")),
            ("smtp://mail.example.com?from=a@example.com&tlsVerify=off", .invalidOption(name: "tlsVerify", value: "off")),
            ("smtp://mail.example.com?from=a@example.com&allowPlainAuth=1", .invalidOption(name: "allowPlainAuth", value: "1")),
            ("smtp://mail.example.com?from=a@example.com&helo=bad%20name", .invalidOption(name: "helo", value: "bad name")),
            ("smtp://mail.example.com?from=", .invalidOption(name: "from", value: "")),
            ("smtp://u:p@mail.example.com?starttls=never&from=a@example.com", .credentialsWithoutTLS)
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text.debugDescription)") { try MailSettings(url: text) }
        }
        // Credentials over plain text only when asked for in so many words.
        #expect((try? MailSettings(url: "smtp://u:p@mail.example.com?starttls=never&allowPlainAuth=true&from=a@example.com")) != nil)
    }

    @Test func anUnencodedQuestionMarkInThePasswordIsNeverEchoed() {
        let secret = "Sup3rS3cret"
        for text in [
            "smtp://user:ab?\(secret)@mail.example.com?from=a@example.com",
            "smtp://user:ab?\(secret)@mail.example.com",
            "smtp://user:ab?\(secret)&x@mail.example.com",
            "smtp://user:ab?\(secret):25",
            "smtp://user:123?\(secret)@mail.example.com?from=a@example.com",
            "smtp://user:123?\(secret)@mail.example.com"
        ] {
            do {
                _ = try MailSettings(url: text, from: "a@example.com")
                Issue.record("accepted \(text)")
            } catch {
                #expect(!error.thaiMessage.contains(secret), "\(error.thaiMessage)")
                #expect(!error.thaiMessage.contains("ab"), "\(error.thaiMessage)")
            }
        }
    }

    @Test func thePasswordNeverShows() throws {
        let settings = try MailSettings(url: "smtps://mailer:Hunter2%21@mail.agency.go.th?from=noreply@agency.go.th&timeout=20")
        #expect(settings.redacted == "smtps://mailer:***@mail.agency.go.th:465?from=noreply%40agency.go.th&timeout=20")
        for shown in ["\(settings)", String(describing: settings), String(reflecting: settings), settings.debugDescription, "\(settings.credentials as Any)"] {
            #expect(!shown.contains("Hunter2"), "\(shown)")
        }
        var dumped = ""
        dump(settings, to: &dumped)
        #expect(!dumped.contains("Hunter2"))
        #expect(settings.credentials?.password.value == "Hunter2!")
    }

    @Test func redactedRoundTrips() throws {
        let texts = [
            "smtp://relay.example.com?from=a@example.com",
            "smtp://u:secret@relay.example.com:2525?starttls=required&from=a%2Bb@example.com&timeout=2.5&helo=h.example.com&tlsVerify=none",
            "smtp://[::1]:25?starttls=never&from=a@example.com&allowPlainAuth=true"
        ]
        for text in texts {
            let settings = try MailSettings(url: text)
            let again = try MailSettings(url: settings.redacted.replacingOccurrences(of: ":***@", with: ":secret@"))
            #expect(again == settings, "\(settings.redacted)")
        }
    }

    @Test func everyErrorHasAThaiMessage() {
        let errors: [MailSettingsError] = [
            .empty, .unsupportedScheme, .unexpectedPath, .missingHost, .invalidHost, .invalidPort, .missingUser, .missingPassword,
            .invalidCredentialsEncoding, .malformedQuery, .unknownOption("x"), .duplicateOption("from"), .invalidOption(name: "timeout", value: "\u{7}x"),
            .missingFrom, .invalidFrom(.empty), .credentialsWithoutTLS
        ]
        for error in errors {
            #expect(error.thaiMessage.unicodeScalars.contains { (0x0E00...0x0E7F).contains($0.value) })
            #expect(!error.thaiMessage.unicodeScalars.contains { $0.value < 0x20 })
            #expect(error.description == error.thaiMessage)
        }
    }
}
