import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./layout";

/** A material change of a privacy notice: Folio's (to every user) or an organisation's (to its members). */
export function NoticeChangedEmail(props: { publisherName: string; version: number; lastUpdated: string; effectiveDate: string; url: string }) {
  return (
    <EmailLayout preview={`${props.publisherName} updated its privacy notice`} heading={`${props.publisherName} updated its privacy notice`}>
      <Text>
        {props.publisherName} made an important change to its privacy notice (version {props.version}, last updated {props.lastUpdated}). The new
        notice takes effect on {props.effectiveDate}.
      </Text>
      <Text>Please read it. The next time you log in to Folio after that date, we will ask you to confirm that you have read it.</Text>
      <Button href={props.url} style={buttonStyle}>
        Read the updated notice
      </Button>
      <Text>Or open this address: {props.url}</Text>
    </EmailLayout>
  );
}
