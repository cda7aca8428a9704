import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./layout";

export interface NewLeadEmailProps {
  organisationName: string;
  pageTitle: string;
  lead: { name: string | null; email: string | null; phone: string | null; company: string | null; message: string | null };
  attribution: { source: string | null; medium: string | null; campaign: string | null };
  marketingConsent: boolean;
  url: string;
}

/** To the landing page's notification recipient: someone left their details. */
export function NewLeadEmail(props: NewLeadEmailProps) {
  const rows: Array<[string, string | null]> = [
    ["Name", props.lead.name],
    ["Email", props.lead.email],
    ["Phone", props.lead.phone],
    ["Company", props.lead.company],
    ["Message", props.lead.message],
    ["Source", props.attribution.source],
    ["Medium", props.attribution.medium],
    ["Campaign", props.attribution.campaign],
    ["Marketing email", props.marketingConsent ? "agreed" : "not agreed"],
  ];
  return (
    <EmailLayout preview={`New lead from ${props.pageTitle}`} heading={`New lead from ${props.pageTitle}`}>
      <Text>Someone left their details on the landing page "{props.pageTitle}" of {props.organisationName}.</Text>
      {rows
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <Text key={label} style={{ margin: "4px 0", whiteSpace: "pre-line" }}>
            <strong>{label}:</strong> {value}
          </Text>
        ))}
      <Button href={props.url} style={buttonStyle}>
        Open the lead
      </Button>
      <Text>Or open this address: {props.url}</Text>
    </EmailLayout>
  );
}
