import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./layout";

export function ResetPasswordEmail({ name, url }: { name: string; url: string }) {
  return (
    <EmailLayout preview="Reset your Folio password" heading="Reset your password">
      <Text>Hello {name},</Text>
      <Text>Someone asked to reset the password of your Folio account. The link works once, for one hour.</Text>
      <Button href={url} style={buttonStyle}>
        Choose a new password
      </Button>
      <Text>Or open this address: {url}</Text>
    </EmailLayout>
  );
}
