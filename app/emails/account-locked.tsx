import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./layout";

export function AccountLockedEmail(props: { name: string; minutes: number; resetUrl: string }) {
  return (
    <EmailLayout preview="Your Folio account was locked after failed sign-in attempts" heading="Your account is locked for now">
      <Text>Hello {props.name},</Text>
      <Text>
        There were 5 failed attempts to sign in to your Folio account, so it is locked for {props.minutes} minutes. If
        they were not yours, choose a new password.
      </Text>
      <Button href={props.resetUrl} style={buttonStyle}>
        Reset password
      </Button>
    </EmailLayout>
  );
}
