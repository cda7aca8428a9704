import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./layout";

export interface RightsRequestEmailProps {
  heading: string;
  paragraphs: string[];
  code?: string;
  link?: { label: string; url: string };
}

/** Every message of a rights request: the code, each change of state, the statement at the end. */
export function RightsRequestEmail({ heading, paragraphs, code, link }: RightsRequestEmailProps) {
  return (
    <EmailLayout preview={heading} heading={heading}>
      {paragraphs.map((paragraph, index) => (
        <Text key={index} style={{ whiteSpace: "pre-line" }}>
          {paragraph}
        </Text>
      ))}
      {code ? (
        <Text>
          Your code: <strong style={{ fontSize: "20px", letterSpacing: "4px" }}>{code}</strong>
        </Text>
      ) : null}
      {link ? (
        <>
          <Button href={link.url} style={buttonStyle}>
            {link.label}
          </Button>
          <Text>Or open this address: {link.url}</Text>
        </>
      ) : null}
    </EmailLayout>
  );
}
