import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./layout";

export function InvitationEmail(props: { organisationName: string; inviterName: string; roleLabel: string; url: string }) {
  return (
    <EmailLayout
      preview={`${props.inviterName} invited you to ${props.organisationName} on Folio`}
      heading={`Join ${props.organisationName} on Folio`}
    >
      <Text>
        {props.inviterName} invited you to join {props.organisationName} as {props.roleLabel}. The invitation works
        for 7 days.
      </Text>
      <Button href={props.url} style={buttonStyle}>
        Accept invitation
      </Button>
      <Text>Or open this address: {props.url}</Text>
    </EmailLayout>
  );
}
