import { Body, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

const ACCOUNT_FOOTER = "Folio sends this message because of an action on your account. If it was not you, you can ignore it.";

/** `footer`: why the reader gets the message, when it is not an action on their own account (an organisation's invoice). */
export function EmailLayout({ preview, heading, children, footer = ACCOUNT_FOOTER }: { preview: string; heading: string; children: ReactNode; footer?: string }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: "#f6f7f9", fontFamily: "Helvetica, Arial, sans-serif", color: "#1f2937" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "32px", margin: "24px auto", maxWidth: "560px" }}>
          <Heading as="h1" style={{ fontSize: "20px", margin: "0 0 16px" }}>
            {heading}
          </Heading>
          <Section>{children}</Section>
          <Hr style={{ margin: "24px 0" }} />
          <Text style={{ fontSize: "12px", color: "#6b7280" }}>{footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export const buttonStyle = {
  backgroundColor: "#1f5fbf",
  color: "#ffffff",
  padding: "12px 20px",
  borderRadius: "6px",
  textDecoration: "none",
  display: "inline-block",
} as const;
