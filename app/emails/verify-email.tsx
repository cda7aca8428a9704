import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./layout";

export function VerifyEmail({ name, url }: { name: string; url: string }) {
  return (
    <EmailLayout preview="Confirm your email address for Folio" heading="Confirm your email address">
      <Text>Hello {name},</Text>
      <Text>Confirm that this address is yours to finish setting up your Folio account. The link works for 24 hours.</Text>
      <Button href={url} style={buttonStyle}>
        Verify email
      </Button>
      <Text>Or open this address: {url}</Text>
    </EmailLayout>
  );
}
