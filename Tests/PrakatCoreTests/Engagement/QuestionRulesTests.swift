import Foundation
import Testing

@testable import PrakatCore

@Suite("Public questions: text rules, duplicate keys and moderation steps")
struct QuestionRulesTests {
    @Test func thaiSaraAmTypedEitherWayIsTheSameQuestion() {
        // ำ (U+0E33) and ํ + า (U+0E4D U+0E32) look the same; people type both.
        let precomposed = "ทำบัตรประชาชนที่ไหน"
        let decomposed = "ท\u{0E4D}\u{0E32}บัตรประชาชนที่ไหน"
        #expect(precomposed != decomposed)
        #expect(QuestionRules.normalise(precomposed) == QuestionRules.normalise(decomposed))
        #expect(QuestionRules.contentKey(subject: precomposed, message: "ขอบคุณ") == QuestionRules.contentKey(subject: decomposed, message: "ขอบคุณ"))
    }

    @Test func spacesCaseDigitsPunctuationAndInvisibleCharactersDoNotMakeADifferentQuestion() {
        let base = QuestionRules.contentKey(subject: "ค่าธรรมเนียม ๑๐๐ บาท?", message: "ต้องจ่ายที่ไหน Online ได้ไหม")
        let variants: [(String, String)] = [
            ("ค่าธรรมเนียม100บาท", "ต้องจ่ายที่ไหน   online\nได้ไหม"),
            ("  ค่า\u{200B}ธรรมเนียม 100 บาท!!", "ต้องจ่ายที่ไหน ONLINE ได้ไหม"),
            ("ค่าธรรมเนียม １００ บาท", "ต้องจ่าย ที่ไหน Ｏｎｌｉｎｅ ได้ไหม ?")
        ]
        for (subject, message) in variants {
            #expect(QuestionRules.contentKey(subject: subject, message: message) == base, "\(subject) / \(message)")
        }
        // The common slip เเ (two SARA E) for แ.
        #expect(QuestionRules.normalise("เเผนที่") == QuestionRules.normalise("แผนที่"))
        // Different words are different questions; moving text between subject and message too.
        #expect(QuestionRules.contentKey(subject: "ค่าธรรมเนียม 200 บาท", message: "ต้องจ่ายที่ไหน online ได้ไหม") != base)
        #expect(QuestionRules.contentKey(subject: "ค่าธรรมเนียม", message: "100 บาท ต้องจ่ายที่ไหน online ได้ไหม") != base)
        #expect(base.count == 64)
    }

    @Test func textIsTrimmedAndCheckedInCodePoints() {
        #expect(TypedText.clean("  ถามเรื่องภาษี \u{3000}", limit: 200, multiline: false) == .success("ถามเรื่องภาษี"))
        // A one-line field has no line break anywhere, even at its end (what the API document says).
        #expect(TypedText.clean("ถามเรื่องภาษี\r\n", limit: 200, multiline: false) == .failure(.controlCharacters))
        #expect(TypedText.clean("บรรทัดหนึ่ง\r\nบรรทัดสอง\tต่อ", limit: 200, multiline: true) == .success("บรรทัดหนึ่ง\nบรรทัดสอง ต่อ"))
        #expect(TypedText.clean(nil, limit: 10, multiline: false) == .failure(.empty))
        #expect(TypedText.clean(" \u{3000}\t", limit: 10, multiline: false) == .failure(.empty))
        // Thai vowels and tone marks are code points of their own: 200 of them fit, 201 do not.
        let twoHundred = String(repeating: "กิ", count: 100)
        #expect(TypedText.clean(twoHundred, limit: 200, multiline: false) == .success(twoHundred))
        #expect(TypedText.clean(twoHundred + "ก", limit: 200, multiline: false) == .failure(.tooLong(200)))
    }

    @Test func controlCharactersLineBreaksInOneLineFieldsAndBidiOverridesAreRefused() {
        for bad in ["a\u{0}b", "a\u{7}b", "a\u{1B}[31mb", "a\u{85}b", "a\u{2028}b", "a\u{202E}b", "a\u{2066}b"] {
            #expect(TypedText.clean(bad, limit: 100, multiline: true) == .failure(.controlCharacters), "\(bad.unicodeScalars.map(\.value))")
        }
        #expect(TypedText.clean("หัวข้อ\nบรรทัดสอง", limit: 100, multiline: false) == .failure(.controlCharacters))
        #expect(TypedText.clean("ข้อความ\nบรรทัดสอง", limit: 100, multiline: true) == .success("ข้อความ\nบรรทัดสอง"))
        // The API takes text as sent: a CR is a control character there.
        #expect(TypedText.clean("ข้อความ\r\nบรรทัดสอง", limit: 100, multiline: true, formLineBreaks: false) == .failure(.controlCharacters))
    }

    @Test func moderationStepsFollowTheStates() {
        #expect(QuestionAction.publish.denial(from: .pending, hasAnswer: false) != nil)
        #expect(QuestionAction.publish.denial(from: .pending, hasAnswer: true) == nil)
        #expect(QuestionAction.publish.denial(from: .rejected, hasAnswer: true) == nil)
        #expect(QuestionAction.publish.denial(from: .published, hasAnswer: true) != nil)
        #expect(QuestionAction.unpublish.denial(from: .published, hasAnswer: true) == nil)
        #expect(QuestionAction.unpublish.denial(from: .pending, hasAnswer: true) != nil)
        #expect(QuestionAction.reject.denial(from: .pending, hasAnswer: false) == nil)
        #expect(QuestionAction.reject.denial(from: .published, hasAnswer: true) != nil)
        #expect(QuestionAction.reject.denial(from: .rejected, hasAnswer: true) != nil)
        for action in QuestionAction.allCases {
            #expect(action.denial(from: action.target, hasAnswer: true) != nil, "\(action) from its own target state")
        }
    }
}
