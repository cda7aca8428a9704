import { Button, Link, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./layout";

/** To the owner of an address someone tried to sign up with: the sign-up form itself says nothing about it. */
export function SignUpAttemptedEmail(props: { name: string; loginUrl: string; resetUrl: string }) {
  return (
    <EmailLayout preview="Someone tried to sign up with your email address" heading="You already have a Folio account">
      <Text>Hello {props.name},</Text>
      <Text>
        Someone tried to create a new Folio account with this email address, which already has one. No new account was
        made. If it was you, log in instead; if you forgot your password, choose a new one.
      </Text>
      <Button href={props.loginUrl} style={buttonStyle}>
        Log in
      </Button>
      <Text>
        Forgot your password? <Link href={props.resetUrl}>Reset it</Link>.
      </Text>
    </EmailLayout>
  );
}
